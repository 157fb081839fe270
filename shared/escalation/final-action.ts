import { NotFoundError } from '../kernel/index.js';
import { finalActionStage } from '../policies/index.js';
import type { EscalationDeps } from './deps.js';

/**
 * The end of the grace period: write the invoice off, or hand it to a collections agency with its
 * full history (the event carries what an outbound integration needs).
 */
export async function applyFinalAction(
  deps: Pick<EscalationDeps, 'invoices' | 'noticeLedger' | 'customers' | 'clock'>,
  tenantId: string,
  invoiceNumber: string,
  action: 'write-off' | 'agency' | 'credit-hold',
): Promise<{ outcome: string }> {
  const invoice = await deps.invoices.get(tenantId, invoiceNumber);
  if (!invoice) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
  if (invoice.status !== 'open') return { outcome: `skipped: invoice is ${invoice.status}` };
  const at = deps.clock.now().toISOString();
  const approvedBy = invoice.escalation?.decidedBy ?? 'policy';
  if (action === 'credit-hold') {
    // The invoice stays owed and open; the customer gets no further credit, and the ledger records the action as taken.
    const reason = `grace period for invoice ${invoiceNumber} ended unpaid`;
    await deps.customers.placeCreditHold(tenantId, invoice.customer.id, { since: at, reason, by: approvedBy });
    await deps.noticeLedger.recordNoticesSkipped(tenantId, invoiceNumber, [finalActionStage], 'final action taken: customer placed on credit hold', deps.clock.now());
    await deps.invoices.appendEvent(tenantId, invoiceNumber, { type: 'customer.credit-hold', at, key: `customer.credit-hold:${invoice.escalation?.id ?? at}`, detail: { customerId: invoice.customer.id, reason, approvedBy } });
    return { outcome: 'credit-hold' };
  }
  const closed =
    action === 'write-off'
      ? await deps.invoices.closeInvoice(invoice, 'written_off', [
          { type: 'invoice.written-off', at, key: `invoice.written-off:final:${invoice.escalation?.id ?? at}`, detail: { reason: 'grace period ended unpaid', approvedBy, balance: invoice.balance } },
        ])
      : await deps.invoices.closeInvoice(invoice, 'with_agency', [
          {
            type: 'invoice.sent-to-agency',
            at,
            key: `invoice.sent-to-agency:final:${invoice.escalation?.id ?? at}`,
            detail: { approvedBy, invoice, notices: await deps.noticeLedger.notices(tenantId, invoiceNumber), timeline: await deps.invoices.timeline(tenantId, invoiceNumber) },
          },
        ]);
  return { outcome: closed ? action : 'skipped: invoice changed' };
}
