import { NotFoundError } from '../errors.js';
import type { CollectionDeps } from './deps.js';

/**
 * The end of the grace period: write the invoice off, or hand it to a collections agency with its
 * full history (the event carries what an outbound integration needs).
 */
export async function applyFinalAction(deps: Pick<CollectionDeps, 'invoices' | 'clock'>, tenantId: string, invoiceNumber: string, action: 'write-off' | 'agency'): Promise<{ outcome: string }> {
  const invoice = await deps.invoices.get(tenantId, invoiceNumber);
  if (!invoice) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
  if (invoice.status !== 'open') return { outcome: `skipped: invoice is ${invoice.status}` };
  const at = deps.clock.now().toISOString();
  const approvedBy = invoice.escalation?.decidedBy ?? 'policy';
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
            detail: { approvedBy, invoice, notices: await deps.invoices.notices(tenantId, invoiceNumber), timeline: await deps.invoices.timeline(tenantId, invoiceNumber) },
          },
        ]);
  return { outcome: closed ? action : 'skipped: invoice changed' };
}
