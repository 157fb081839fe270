import type { ApiKeyStore } from '../api-key.port.js';
import { hashApiKey } from './dynamo-api-key.store.js';

/** API keys by their SHA-256, as the DynamoDB store keeps them (never the key itself). */
export class InMemoryApiKeyStore implements ApiKeyStore {
  private readonly tenants = new Map<string, string>();

  async tenantForKey(apiKey: string): Promise<string | undefined> {
    return this.tenants.get(hashApiKey(apiKey));
  }

  async put(apiKey: string, tenantId: string, _label: string): Promise<void> {
    this.tenants.set(hashApiKey(apiKey), tenantId);
  }
}
