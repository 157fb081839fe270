import type { ApiKeyPage, ApiKeyStore, NewApiKey } from '../api-key.port.js';
import { apiKeyIdOf, hashApiKey, legacyKeyScopes, type ApiKeyPrincipal, type ApiKeyRecord } from '../api-key.js';
import { decodeCursor, encodeCursor } from './api-key-cursor.js';

type Stored = ApiKeyRecord & { tenantId: string; keyHash: string };

/** API keys by their SHA-256, as the DynamoDB store keeps them (never the key itself), listed per tenant by id. */
export class InMemoryApiKeyStore implements ApiKeyStore {
  private readonly byHash = new Map<string, Stored>();

  async principalForKey(apiKey: string): Promise<ApiKeyPrincipal | undefined> {
    const key = this.byHash.get(hashApiKey(apiKey));
    return key && { tenantId: key.tenantId, label: key.label, scopes: [...key.scopes], expiresAt: key.expiresAt, id: key.id };
  }

  async put(apiKey: string, tenantId: string, label: string, options: Omit<NewApiKey, 'label'> = {}): Promise<ApiKeyRecord> {
    const record: ApiKeyRecord = {
      id: apiKeyIdOf(apiKey),
      label,
      scopes: options.scopes ?? legacyKeyScopes,
      createdAt: options.createdAt ?? new Date().toISOString(),
      expiresAt: options.expiresAt ?? null,
      lastUsedAt: null,
      createdBy: options.createdBy ?? 'arflow tooling',
    };
    this.byHash.set(hashApiKey(apiKey), { ...record, tenantId, keyHash: hashApiKey(apiKey) });
    return record;
  }

  async list(tenantId: string, page: { limit: number; cursor?: string }): Promise<ApiKeyPage> {
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const all = [...this.byHash.values()].filter((key) => key.tenantId === tenantId && (after === undefined || key.id > after)).sort((a, b) => (a.id < b.id ? -1 : 1));
    const items = all.slice(0, page.limit).map(({ tenantId: _t, keyHash: _h, ...record }) => ({ ...record, scopes: [...record.scopes] }));
    const last = items.at(-1);
    return { items, nextCursor: all.length > page.limit && last ? encodeCursor(last.id) : null };
  }

  async revoke(tenantId: string, id: string): Promise<boolean> {
    const key = [...this.byHash.values()].find((k) => k.tenantId === tenantId && k.id === id);
    if (!key) return false;
    this.byHash.delete(key.keyHash);
    return true;
  }

  async recordUse(tenantId: string, id: string, at: string): Promise<void> {
    const key = [...this.byHash.values()].find((k) => k.tenantId === tenantId && k.id === id);
    if (key && (key.lastUsedAt === null || key.lastUsedAt < at)) key.lastUsedAt = at;
  }
}
