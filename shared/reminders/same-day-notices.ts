import { nextCollectionStep } from './collection-plan.js';
import { dateInZone } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import { customerZone } from '../invoicing/index.js';
import type { RemindersDeps } from './deps.js';
import { resolvePolicy } from '../policy-assignment/index.js';

export interface IncludedNotice {
  invoice: Invoice;
  stage: string;
  /** Earlier stages of that invoice that this notice supersedes (recorded as skipped). */
  superseded: string[];
}

/**
 * The customer's other invoices whose next notice falls on the same (customer-local) day, each
 * claimed for this email: their own workflows then find the stage handled and move on. Only
 * invoices whose own policy also consolidates are included.
 */
export async function claimSameDayNotices(deps: Pick<RemindersDeps, 'invoices' | 'noticeLedger' | 'policies' | 'customers'>, self: Invoice, today: string, now: Date): Promise<IncludedNotice[]> {
  const included: IncludedNotice[] = [];
  for (const invoiceNumber of await deps.customers.invoicesOf(self.tenantId, self.customer.id)) {
    if (invoiceNumber === self.invoiceNumber) continue;
    const invoice = await deps.invoices.get(self.tenantId, invoiceNumber);
    if (!invoice || invoice.status !== 'open') continue;
    const policy = await resolvePolicy(deps, self.tenantId, invoice);
    if (!policy.onePerCustomerPerDay) continue;
    const step = nextCollectionStep(invoice, await deps.noticeLedger.notices(self.tenantId, invoiceNumber), policy, now);
    if ((step.kind !== 'reminder' && step.kind !== 'final-notice') || dateInZone(step.at, customerZone(invoice, policy)) !== today) continue;
    const stage = step.kind === 'reminder' ? step.stage : 'final-notice';
    const claim = await deps.noticeLedger.claimNotice(invoice, stage, now);
    if (claim.claimed) included.push({ invoice, stage, superseded: step.kind === 'reminder' ? step.superseded : [] });
  }
  return included.sort((a, b) => (a.invoice.dueDate < b.invoice.dueDate ? -1 : a.invoice.dueDate > b.invoice.dueDate ? 1 : 0));
}
