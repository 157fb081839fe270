import { createHash, randomBytes } from 'node:crypto';
import type { Scope } from './scopes.js';

/** An API key as listed: never its secret, which is shown once, when it is made. */
export interface ApiKeyRecord {
  id: string;
  label: string;
  scopes: Scope[];
  createdAt: string;
  /** null: never expires. */
  expiresAt: string | null;
  /** The last time the authorizer accepted it (at most once per authorizer cache period). */
  lastUsedAt: string | null;
  /** Who made it (the admin's actor), or the tool that did. */
  createdBy: string;
}

/** What the authorizer needs of a key. `id` is absent for keys stored before keys had ids (they cannot record their last use). */
export interface ApiKeyPrincipal {
  tenantId: string;
  label: string;
  scopes: Scope[];
  expiresAt: string | null;
  id?: string;
}

/**
 * Keys made before scopes existed (the local demo key of older data, keys made by older tooling) are
 * admin keys, as they were: nothing that worked stops working. Revoke them and make scoped ones.
 */
export const legacyKeyScopes: Scope[] = ['admin'];

/**
 * API keys are random 256-bit secrets, so one SHA-256 is enough to store them safely (no password
 * stretching needed); the table never holds a key itself.
 */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

/** The public id of a key: the start of its hash, so a key made by any tool has one, and it reveals nothing of the secret. */
export function apiKeyIdOf(apiKey: string): string {
  return `key_${hashApiKey(apiKey).slice(0, 20)}`;
}

/** A new secret: `arf_` and 32 random bytes. */
export function newApiKeySecret(): string {
  return `arf_${randomBytes(32).toString('base64url')}`;
}

export function isExpired(key: Pick<ApiKeyPrincipal, 'expiresAt'>, now: Date): boolean {
  return key.expiresAt !== null && Date.parse(key.expiresAt) <= now.getTime();
}
