import { nextCollectionStep } from './collection-plan.js';
import { mapWithConcurrency } from '../kernel/index.js';
import type { CollectionPolicy } from '../policies/index.js';
import { spreadStep } from './send-spread.js';
import type { NoticeRecord } from '../invoicing/index.js';
import type { RemindersDeps } from './deps.js';
import { accountOwnerOf, resolvePolicyName } from '../policy-assignment/index.js';

export interface PlannedAction {
  invoiceNumber: string;
  customer: string;
  at: string;
  action: 'reminder' | 'final-notice' | 'escalation' | 'final-action';
  /** Who receives it: the customer for notices, the approvers for an escalation. */
  to: string[];
  stage?: string;
}

/** Beyond this, walking one invoice is a runaway (a policy has at most 20 stages). */
const MAX_STEPS_PER_INVOICE = 60;

/**
 * "What would be sent in the next N days, to whom": walks each open invoice under a policy through
 * the real planner with a simulated clock and ledger, assuming nobody pays and nobody decides (an
 * escalation ends the walk: its outcome is a person's choice). `candidate` previews a policy
 * before it is saved. Sends nothing, changes nothing.
 */
export async function dryRunPolicy(
  deps: Pick<RemindersDeps, 'invoices' | 'noticeLedger' | 'policies' | 'customers' | 'clock' | 'noticeSpreadMinutes'>,
  tenantId: string,
  policy: CollectionPolicy,
  days: number,
): Promise<PlannedAction[]> {
  const start = deps.clock.now();
  const horizon = start.getTime() + days * 86_400_000;
  const numbers = await deps.policies.invoicesUnder(tenantId, policy.name);
  const perInvoice = await mapWithConcurrency(numbers, 8, async (invoiceNumber) => {
    const invoice = await deps.invoices.get(tenantId, invoiceNumber);
    if (!invoice || invoice.status !== 'open' || (await resolvePolicyName(deps, tenantId, invoice)) !== policy.name) return [];
    const ledger: NoticeRecord[] = await deps.noticeLedger.notices(tenantId, invoiceNumber);
    const planned: PlannedAction[] = [];
    let now = start;
    const accountOwner = policy.escalation?.approvers.accountOwner ? await accountOwnerOf(deps.customers, tenantId, invoice) : undefined;
    const approvers = [
      ...(accountOwner ? [accountOwner] : []),
      ...(policy.escalation?.approvers.emails ?? []),
    ];
    for (let step = 0; step < MAX_STEPS_PER_INVOICE; step++) {
      const next = spreadStep(nextCollectionStep(invoice, ledger, policy, now), invoice, policy, deps.noticeSpreadMinutes ?? 0);
      if (next.kind === 'done' || next.at.getTime() > horizon) break;
      const base = { invoiceNumber, customer: invoice.customer.name, at: next.at.toISOString() };
      if (next.kind === 'reminder') {
        planned.push({ ...base, action: 'reminder', to: [invoice.customer.email], stage: next.stage });
        for (const stage of [...next.superseded, next.stage]) ledger.push({ stage, status: stage === next.stage ? 'sent' : 'skipped', at: base.at });
      } else if (next.kind === 'escalate') {
        planned.push({ ...base, action: 'escalation', to: approvers });
        break;
      } else if (next.kind === 'final-notice') {
        planned.push({ ...base, action: 'final-notice', to: [invoice.customer.email], stage: 'final-notice' });
        ledger.push({ stage: 'final-notice', status: 'sent', at: base.at });
      } else if (next.kind === 'final-action') {
        planned.push({ ...base, action: 'final-action', to: [] });
        break;
      }
      now = next.at;
    }
    return planned;
  });
  return perInvoice.flat().sort((a, b) => (a.at === b.at ? a.invoiceNumber.localeCompare(b.invoiceNumber) : a.at < b.at ? -1 : 1));
}
