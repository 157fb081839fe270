import { ConflictError, NotFoundError, ValidationError, type TimelineEvent } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import type { ImportsDeps } from './deps.js';
import type { ChangeSource } from './revise-invoice.js';

export type SettleDeps = Pick<ImportsDeps, 'invoices' | 'invoiceRevisions' | 'workflows' | 'clock'>;

const MAX_ATTEMPTS = 5;

/**
 * The system of record says an open invoice owes `balance` now, less than arflow has: the difference
 * was settled upstream (a payment booked in the ERP, a write-down): not a payment here, so no cash is
 * recorded, but what is owed drops with its own event (`invoice.settled-upstream`, business event
 * `invoice.settled_upstream`) and at zero the invoice is closed as `settled-upstream` and its workflow
 * stopped. One conditional write on the balance and status read, so a reminder claimed before it keeps
 * its ledger entry and one claimed after it fails and reads again. A balance at or above arflow's is
 * `unchanged` (arflow may know of a payment the ERP has not booked yet); an invoice no longer open too.
 */
export async function settleUpstream(deps: SettleDeps, tenantId: string, invoiceNumber: string, balance: number, source: ChangeSource): Promise<{ outcome: 'settled' | 'unchanged'; invoice: Invoice }> {
  if (!Number.isInteger(balance) || balance < 0) throw new ValidationError(`The balance of ${invoiceNumber} is invalid`, [{ path: 'balance', message: 'must be a non-negative integer number of minor units' }]);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const invoice = await deps.invoices.get(tenantId, invoiceNumber);
    if (!invoice) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
    if (invoice.status !== 'open' || balance >= invoice.balance) return { outcome: 'unchanged', invoice };
    const at = deps.clock.now().toISOString();
    const status = balance === 0 ? ('settled-upstream' as const) : invoice.status;
    const amount = invoice.balance - balance;
    const events: TimelineEvent[] = [
      {
        type: 'invoice.settled-upstream',
        at,
        key: `invoice.settled-upstream:${invoice.balance}-${balance}`,
        detail: { amount, balanceBefore: invoice.balance, balance, status, currency: invoice.currency, customerId: invoice.customer.id, source },
      },
    ];
    if (status !== invoice.status) events.push({ type: 'status.changed', at, key: 'status.changed:settled-upstream', detail: { from: invoice.status, to: status, source } });
    const after = { status, balance, updatedAt: at };
    if (!(await deps.invoiceRevisions.changeStanding(invoice, after, events))) continue; // a payment or a correction landed first: read again
    if (status !== 'open') await deps.workflows.stop(invoice, 'settled in the system of record');
    return { outcome: 'settled', invoice: { ...invoice, ...after } };
  }
  throw new ConflictError('concurrent_update', `Invoice ${invoiceNumber} changed repeatedly while its upstream settlement was recorded; retry`);
}
