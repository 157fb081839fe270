import { mapWithConcurrency } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import type { CollectionPolicy } from '../policies/index.js';
import type { PolicyAssignmentDeps } from './deps.js';
import { resolvePolicyName } from './resolve-policy.js';
import { resolvePolicyForNewRevision } from './resolve-policy-for-revision.js';

export interface ReplanSummary {
  /** Workflows restarted on the new version. */
  replanned: number;
  /** Invoices left alone: paid or closed, moved to another policy, waiting for an approval, or failed. */
  unchanged: number;
}

/** Parallel restarts: StartExecution's quota is far above this, and one PUT should stay well under the API's 29 s for typical portfolios. */
const CONCURRENCY = 8;

/**
 * Applies a policy change to invoices already in flight: each open invoice under the policy gets a
 * new workflow revision. The old execution is stopped (it may sleep in a Wait planned from the old
 * version); the new one plans from the invoice and its notice ledger, so nothing sent is sent again.
 * An invoice whose escalation awaits a decision keeps its workflow: the approvers' links stay valid.
 */
export async function replanInvoicesUnder(deps: Pick<PolicyAssignmentDeps, 'invoices' | 'policies' | 'customers' | 'workflows' | 'clock'>, tenantId: string, policy: CollectionPolicy): Promise<ReplanSummary> {
  const numbers = await deps.policies.invoicesUnder(tenantId, policy.name);
  const outcomes = await mapWithConcurrency(numbers, CONCURRENCY, async (invoiceNumber) => {
    const invoice = await deps.invoices.get(tenantId, invoiceNumber);
    if (!invoice || invoice.status !== 'open' || (await resolvePolicyName(deps, tenantId, invoice)) !== policy.name) return false;
    // Under the stored tiers: re-assessing every customer of a large portfolio would hold this PUT past API Gateway's 29 s.
    return restartWorkflow({ invoices: deps.invoices, workflows: deps.workflows, clock: deps.clock }, invoice, `policy ${policy.name} changed to version ${policy.version}`);
  });
  const replanned = outcomes.filter(Boolean).length;
  return { replanned, unchanged: outcomes.length - replanned };
}

/**
 * Re-plans one invoice: a new workflow revision that plans from the invoice and its ledger. Leaves
 * alone an invoice that is not open, waits for an escalation decision, or whose workflow failed.
 * With `customers` and `policies`, the new revision's policy is resolved with the customer's risk
 * tier as of now (resolvePolicyForNewRevision) and the invoice listed under it, so a re-plan under a
 * risk-tier policy does not use last week's tier.
 */
export async function restartWorkflow(
  deps: Pick<PolicyAssignmentDeps, 'invoices' | 'workflows' | 'clock'> & Partial<Pick<PolicyAssignmentDeps, 'customers' | 'policies'>>,
  invoice: Invoice,
  reason: string,
): Promise<boolean> {
  if (invoice.status !== 'open' || invoice.escalation?.status === 'pending' || invoice.workflowError) return false;
  const next = { ...invoice, revision: invoice.revision + 1 };
  const moved = await deps.invoices.nextRevision(invoice, {
    type: 'workflow.started',
    at: deps.clock.now().toISOString(),
    key: `workflow.started:r${next.revision}`,
    detail: { reason, revision: next.revision },
  });
  if (!moved) return false;
  const { customers, policies } = deps;
  if (customers && policies) {
    const { name } = await resolvePolicyForNewRevision({ ...deps, customers, policies }, invoice.tenantId, invoice);
    await policies.addInvoice(invoice.tenantId, name, invoice.invoiceNumber);
  }
  await deps.workflows.stop(invoice, `re-planned: ${reason}`);
  await deps.workflows.start(next);
  return true;
}
