/** Each tenant's secret for signing the links in emails (decision and self-service links). */
export interface LinkKeyStore {
  /** The tenant's key for signing links, created on first use. */
  linkKey(tenantId: string): Promise<string>;
}
