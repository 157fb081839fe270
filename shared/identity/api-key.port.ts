
/** Maps hashed API keys to their tenant. */
export interface ApiKeyStore {
  /** The tenant the key belongs to and its label (named as the source of every change made with it). */
  principalForKey(apiKey: string): Promise<{ tenantId: string; label: string } | undefined>;
  put(apiKey: string, tenantId: string, label: string): Promise<void>;
}
