
/** Maps hashed API keys to their tenant. */
export interface ApiKeyStore {
  tenantForKey(apiKey: string): Promise<string | undefined>;
  put(apiKey: string, tenantId: string, label: string): Promise<void>;
}
