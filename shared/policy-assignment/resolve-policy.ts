import { customerSegments, type CustomerProfile } from '../customers/index.js';
import type { Invoice } from '../invoicing/index.js';
import { defaultPolicy, type CollectionPolicy } from '../policies/index.js';
import type { CustomerRepository } from '../customers/index.js';
import type { PolicyRepository } from '../policies/index.js';

type Deps = { policies: PolicyRepository; customers: CustomerRepository };

/**
 * Which policy collects an invoice: the one the invoice names, else its customer's, else a policy
 * that lists one of the customer's segments (its tags, and `risk-low|medium|high` from its last risk
 * assessment; the first by name, so the choice is stable), else the
 * tenant's `default`. Resolved at every step, so reassigning a customer applies to its invoices.
 */
export async function resolvePolicyName(deps: Deps, tenantId: string, invoice: Pick<Invoice, 'policy' | 'customer'>, profile?: CustomerProfile | null): Promise<string> {
  if (invoice.policy) return invoice.policy;
  const customer = profile === undefined ? await deps.customers.get(tenantId, invoice.customer.id) : (profile ?? undefined);
  if (customer?.policy) return customer.policy;
  const segments = customer ? customerSegments(customer) : [];
  if (segments.length > 0) {
    const bySegment = (await deps.policies.list(tenantId)).filter((policy) => policy.segments.some((segment) => segments.includes(segment)));
    const first = bySegment.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0];
    if (first) return first.name;
  }
  return 'default';
}

/** The latest version of the policy that collects an invoice; the built-in default when the tenant stored none. */
export async function resolvePolicy(deps: Deps, tenantId: string, invoice: Pick<Invoice, 'policy' | 'customer'>): Promise<CollectionPolicy> {
  const name = await resolvePolicyName(deps, tenantId, invoice);
  return (await deps.policies.get(tenantId, name)) ?? (await deps.policies.get(tenantId, 'default')) ?? defaultPolicy;
}

/** The customer's account owner as the tenant keeps it now (reassignable), else the one the invoice named. */
export async function accountOwnerOf(customers: CustomerRepository, tenantId: string, invoice: Pick<Invoice, 'customer'>): Promise<string | undefined> {
  return (await customers.get(tenantId, invoice.customer.id))?.accountOwner ?? invoice.customer.accountOwner;
}
