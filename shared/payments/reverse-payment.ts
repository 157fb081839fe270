import { ConflictError, NotFoundError } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import type { InvoiceChange } from './allocation.js';
import type { Payment } from './payment.js';
import type { PaymentsDeps } from './deps.js';

const MAX_ATTEMPTS = 5;

/**
 * The bank took a payment back (a reversal in a statement): every allocation is undone, in one
 * transaction with the payment marked reversed, so each invoice owes again what the payment had paid
 * (a paid invoice is open again; one closed otherwise meanwhile is left as it is). Once: a payment
 * already reversed answers `already`. Returns the invoices it reopened, whose workflows the caller
 * restarts.
 */
export async function reversePayment(deps: Pick<PaymentsDeps, 'invoices' | 'payments' | 'clock'>, tenantId: string, paymentId: string, reason: string): Promise<{ outcome: 'reversed' | 'already'; reopened: Invoice[] }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const payment = await deps.payments.getPayment(tenantId, paymentId);
    if (!payment) throw new NotFoundError(`Payment ${paymentId} does not exist`);
    if (payment.reversedAt) return { outcome: 'already', reopened: [] };
    const at = deps.clock.now().toISOString();
    const owed = new Map<string, number>();
    for (const allocation of payment.allocations) owed.set(allocation.invoiceNumber, (owed.get(allocation.invoiceNumber) ?? 0) + allocation.amount);
    const changes: InvoiceChange[] = [];
    for (const [invoiceNumber, amount] of owed) {
      const before = await deps.invoices.get(tenantId, invoiceNumber);
      if (!before || (before.status !== 'open' && before.status !== 'paid')) continue;
      const balance = Math.min(before.amount, before.balance + amount);
      const after: Invoice = { ...before, balance, status: balance > 0 ? 'open' : before.status, updatedAt: at };
      const events: InvoiceChange['events'] = [{ type: 'payment.reversed', at, key: `payment.reversed:${paymentId}`, detail: { paymentId, amount: balance - before.balance, reason, currency: payment.currency, customerId: before.customer.id, balance } }];
      if (after.status !== before.status) events.push({ type: 'status.changed', at, key: `status.changed:${after.status}:${paymentId}:reversed`, detail: { from: before.status, to: after.status } });
      changes.push({ before, after, events });
    }
    const reversed: Payment = { ...payment, unappliedAmount: 0, reversedAt: at };
    const result = await deps.payments.applyPayment(reversed, changes, payment);
    if (result === 'applied') return { outcome: 'reversed', reopened: changes.filter((change) => change.before.status === 'paid' && change.after.status === 'open').map((change) => change.after) };
    // 'stale': the payment or an invoice changed meanwhile; read again.
  }
  throw new ConflictError('concurrent_update', `Payment ${paymentId} or its invoices changed repeatedly while it was reversed; retry`);
}
