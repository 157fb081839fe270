import type { ApiKeyStore } from '../api-key.port.js';
import { hashApiKey } from './dynamo-api-key.store.js';

/** API keys by their SHA-256, as the DynamoDB store keeps them (never the key itself), with their labels. */
export class InMemoryApiKeyStore implements ApiKeyStore {
  private readonly principals = new Map<string, { tenantId: string; label: string }>();

  async principalForKey(apiKey: string): Promise<{ tenantId: string; label: string } | undefined> {
    return this.principals.get(hashApiKey(apiKey));
  }

  async put(apiKey: string, tenantId: string, label: string): Promise<void> {
    this.principals.set(hashApiKey(apiKey), { tenantId, label });
  }
}
