import type { CollectionPolicy } from './policy.js';

/** Named, versioned collection policies per tenant. */
export interface PolicyRepository {
  /** The latest version of a policy. */
  get(tenantId: string, name: string): Promise<CollectionPolicy | undefined>;
  list(tenantId: string): Promise<CollectionPolicy[]>;
  /** Stores the next version; fails with 'version-conflict' if another writer stored one first. */
  put(tenantId: string, policy: CollectionPolicy): Promise<'stored' | 'version-conflict'>;
  /**
   * Lists a stored invoice under the policy that collects its current workflow revision (so a change of
   * that policy re-plans it), instead of the one before. Idempotent; an unknown invoice is left alone.
   */
  addInvoice(tenantId: string, policyName: string, invoiceNumber: string): Promise<void>;
  /**
   * The invoice numbers listed under a policy, sorted (some may be paid since). From an index: an
   * invoice listed a moment ago may be missing, and readers re-read each invoice.
   */
  invoicesUnder(tenantId: string, policyName: string): Promise<string[]>;
}
