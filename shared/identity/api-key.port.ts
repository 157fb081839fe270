
/** Maps hashed API keys to their tenant. */
export interface ApiKeyStore {
  tenantForKey(apiKey: string): Promise<string | undefined>;
  /** The key's tenant and label (what the key is for, e.g. `erp-sync`): the label names the source of a change in the audit trail. */
  principalForKey(apiKey: string): Promise<{ tenantId: string; label: string } | undefined>;
  put(apiKey: string, tenantId: string, label: string): Promise<void>;
}
