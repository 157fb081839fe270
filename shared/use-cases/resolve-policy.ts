import type { Invoice } from '../invoice.js';
import { defaultPolicy, type CollectionPolicy } from '../policy.js';
import type { PolicyRepository } from '../ports.js';

/**
 * The policy an invoice is collected under, latest version: the invoice's own, else the tenant's
 * `default`, else the built-in default. A named policy that was never stored falls back the same
 * way (ingest refuses unknown names, so this only happens if one is removed later).
 */
export async function resolvePolicy(policies: PolicyRepository, tenantId: string, invoice: Pick<Invoice, 'policy'>): Promise<CollectionPolicy> {
  if (invoice.policy) {
    const named = await policies.get(tenantId, invoice.policy);
    if (named) return named;
  }
  return (await policies.get(tenantId, 'default')) ?? defaultPolicy;
}
