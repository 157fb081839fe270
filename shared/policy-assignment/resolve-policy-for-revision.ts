import type { CustomerProfile } from '../customers/index.js';
import type { Invoice } from '../invoicing/index.js';
import type { CollectionPolicy } from '../policies/index.js';
import { riskTiers } from '../reports/index.js';
import { assessCustomerRisk } from '../customers/index.js';
import type { PolicyAssignmentDeps } from './deps.js';
import { resolvePolicyName } from './resolve-policy.js';

type Deps = Pick<PolicyAssignmentDeps, 'invoices' | 'customers' | 'policies' | 'clock'>;

const riskSegments = new Set(riskTiers.map((tier) => `risk-${tier}`));

/** Whether a policy is assigned by a customer's risk tier (its segments list `risk-low|medium|high`). */
export const selectsByRiskTier = (policy: Pick<CollectionPolicy, 'segments'>) => policy.segments.some((segment) => riskSegments.has(segment));

/**
 * The policy that collects an invoice's new workflow revision (a new invoice, a restarted workflow),
 * with the customer's risk tier as of now. The stored tier is otherwise refreshed only by the weekly
 * run (or, for customers with a credit limit, on each invoice and payment), so a customer whose
 * history turned bad would keep its low-risk policy for up to a week. The assessment (the customer's
 * invoices and timelines read, its score and tier stored) runs only when it can change the answer:
 * the invoice names no policy, the customer has none of its own, and one of the tenant's policies
 * lists a risk segment. Otherwise this is the plain resolution over the stored profile.
 * Returns the profile it resolved with, the tier refreshed when it was.
 */
export async function resolvePolicyForNewRevision(
  deps: Deps,
  tenantId: string,
  invoice: Pick<Invoice, 'policy' | 'customer'>,
  profile?: CustomerProfile | null,
): Promise<{ name: string; profile: CustomerProfile | null }> {
  const stored = profile === undefined ? ((await deps.customers.get(tenantId, invoice.customer.id)) ?? null) : profile;
  const tierMatters = !invoice.policy && !stored?.policy && (await deps.policies.list(tenantId)).some(selectsByRiskTier);
  if (!tierMatters) return { name: await resolvePolicyName(deps, tenantId, invoice, stored), profile: stored };
  await assessCustomerRisk(deps, tenantId, invoice.customer.id, { profile: stored });
  const current = (await deps.customers.get(tenantId, invoice.customer.id)) ?? null;
  return { name: await resolvePolicyName(deps, tenantId, invoice, current), profile: current };
}
