import * as z from 'zod';
import { ConflictError, NotFoundError, typeError, type TimelineEvent } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import type { ImportsDeps } from './deps.js';
import type { ChangeSource } from './revise-invoice.js';

/** POST /invoices/{invoiceNumber}/void: why the system of record voided it, and who did. */
export const voidRequestSchema = z.object({
  reason: z.string(typeError('must be a text')).trim().min(3, 'say in a few words why the invoice is void').max(2000, 'must be at most 2000 characters'),
  by: z.string(typeError('must be a text')).trim().min(1).max(200, 'must be at most 200 characters').optional(),
});
export type VoidRequest = z.infer<typeof voidRequestSchema>;

export type VoidDeps = Pick<ImportsDeps, 'invoices' | 'invoiceRevisions' | 'workflows' | 'clock'>;

const MAX_ATTEMPTS = 5;

/**
 * Voids an open invoice: status `void`, nothing owed, its workflow stopped. The write is conditional on
 * the invoice as read, and the reminder claim requires an open invoice, so a notice is either claimed
 * before the void commits or never. Voiding a void invoice again is `unchanged`; a paid one is refused
 * (`invoice_paid`), as is any other closed one (`invoice_not_open`). Payments already applied stay recorded.
 */
export async function voidInvoice(deps: VoidDeps, tenantId: string, invoiceNumber: string, request: VoidRequest, source: ChangeSource): Promise<{ outcome: 'voided' | 'unchanged'; invoice: Invoice }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const invoice = await deps.invoices.get(tenantId, invoiceNumber);
    if (!invoice) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
    if (invoice.status === 'void') return { outcome: 'unchanged', invoice };
    if (invoice.status === 'paid') throw new ConflictError('invoice_paid', `Invoice ${invoiceNumber} is paid; a paid invoice cannot be voided (issue a credit note instead)`);
    if (invoice.status !== 'open') throw new ConflictError('invoice_not_open', `Invoice ${invoiceNumber} is ${invoice.status}; only an open invoice can be voided`);
    const at = deps.clock.now().toISOString();
    const events: TimelineEvent[] = [
      {
        type: 'invoice.voided',
        at,
        key: 'invoice.voided',
        detail: { reason: request.reason, by: request.by ?? (source.via === 'api' ? source.apiKey : source.via === 'user' ? source.user : source.file), balanceBefore: invoice.balance, balance: 0, currency: invoice.currency, customerId: invoice.customer.id, source },
      },
      { type: 'status.changed', at, key: 'status.changed:void', detail: { from: invoice.status, to: 'void', source } },
    ];
    const after = { status: 'void' as const, balance: 0, updatedAt: at };
    if (!(await deps.invoiceRevisions.changeStanding(invoice, after, events))) continue; // changed meanwhile: read again
    // Stopping is tidiness: no step sends for an invoice that is not open.
    await deps.workflows.stop(invoice, 'voided by the system of record');
    return { outcome: 'voided', invoice: { ...invoice, ...after } };
  }
  throw new ConflictError('concurrent_update', `Invoice ${invoiceNumber} changed repeatedly while it was voided; retry the request`);
}
