import { mapWithConcurrency } from '../kernel/index.js';
import { customerProfileSchema, type CustomerProfile, type CustomerProfileInput } from '../customers/index.js';
import { ValidationError } from '../kernel/index.js';
import type { PolicyAssignmentDeps } from './deps.js';
import { restartWorkflow } from './replan.js';
import { resolvePolicyName } from './resolve-policy.js';

// Saving a profile is a policy assignment as much as a customer record: a new policy or new segments
// move the customer's open invoices to the policy that now applies, so it lives with the assignment.

type Deps = Pick<PolicyAssignmentDeps, 'customers' | 'policies' | 'invoices' | 'workflows' | 'clock'>;

/**
 * Creates or updates a customer's profile. A new policy or new segments re-plan the customer's open
 * invoices (nothing sent is repeated); a new account owner approves escalations from now on.
 */
export async function saveCustomer(deps: Deps, tenantId: string, customerId: string, input: CustomerProfileInput): Promise<{ customer: CustomerProfile; replanned: number }> {
  const parsed = customerProfileSchema.parse(input);
  if (parsed.policy && parsed.policy !== 'default' && !(await deps.policies.get(tenantId, parsed.policy))) {
    throw new ValidationError(`Policy ${parsed.policy} does not exist`, [{ path: 'policy', message: 'names no stored policy' }]);
  }
  const before = await deps.customers.get(tenantId, customerId);
  const customer = await deps.customers.put({ tenantId, customerId, ...parsed, updatedAt: deps.clock.now().toISOString() });
  const assignmentChanged = before?.policy !== customer.policy || [...(before?.tags ?? [])].sort().join() !== [...customer.tags].sort().join();
  if (!assignmentChanged) return { customer, replanned: 0 };

  const restarted = await mapWithConcurrency(await deps.customers.invoicesOf(tenantId, customerId), 8, async (invoiceNumber) => {
    const invoice = await deps.invoices.get(tenantId, invoiceNumber);
    if (!invoice || invoice.status !== 'open') return false;
    // Listed under its new policy first, so a later change of that policy finds it too.
    await deps.policies.addInvoice(tenantId, await resolvePolicyName(deps, tenantId, invoice, customer), invoiceNumber);
    return restartWorkflow(deps, invoice, `customer ${customerId} reassigned to policy ${await resolvePolicyName(deps, tenantId, invoice, customer)}`);
  });
  return { customer, replanned: restarted.filter(Boolean).length };
}
