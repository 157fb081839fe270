import type { ApiKeyPrincipal, ApiKeyRecord } from './api-key.js';
import type { Scope } from './scopes.js';

export interface NewApiKey {
  label: string;
  /** Default: admin (what every key was before scopes). */
  scopes?: Scope[];
  expiresAt?: string | null;
  createdBy?: string;
  createdAt?: string;
}

export interface ApiKeyPage {
  items: ApiKeyRecord[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}

/** API keys by their hash (for the authorizer), and per tenant (for their lifecycle). */
export interface ApiKeyStore {
  /** The tenant, label, scopes and expiry of a key; undefined for an unknown or revoked key. */
  principalForKey(apiKey: string): Promise<ApiKeyPrincipal | undefined>;
  /** Stores a key (only its hash) for a tenant; `label` names it as the actor of every change made with it. */
  put(apiKey: string, tenantId: string, label: string, options?: Omit<NewApiKey, 'label'>): Promise<ApiKeyRecord>;
  /** The tenant's keys in a stable order; a cursor from another tenant finds nothing of this one. */
  list(tenantId: string, page: { limit: number; cursor?: string }): Promise<ApiKeyPage>;
  /** Deletes a key of this tenant; false when the tenant has no key with that id. */
  revoke(tenantId: string, id: string): Promise<boolean>;
  /** Records that the key was accepted at `at`. */
  recordUse(tenantId: string, id: string, at: string): Promise<void>;
}
