import { ConflictError, NotFoundError } from '../errors.js';
import type { Invoice } from '../invoice.js';
import { applyPaymentTo, paymentId, type Payment, type PaymentInput } from '../payment.js';
import type { TimelineEvent } from '../timeline.js';
import type { CollectionDeps } from './deps.js';

export type PaymentOutcome = { outcome: 'applied' | 'duplicate'; payment: Payment; invoice: Invoice };

const MAX_ATTEMPTS = 5;

/**
 * Applies a payment to its invoice exactly once. A payment that clears the balance marks the
 * invoice paid and stops its workflow; a smaller one lowers the balance.
 */
export async function recordPayment(
  deps: Pick<CollectionDeps, 'invoices' | 'workflows' | 'clock'>,
  tenantId: string,
  input: PaymentInput,
): Promise<PaymentOutcome> {
  const id = paymentId(tenantId, input);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const invoice = await deps.invoices.get(tenantId, input.invoiceNumber);
    if (!invoice) throw new NotFoundError(`Invoice ${input.invoiceNumber} does not exist`);
    const existing = await deps.invoices.getPayment(tenantId, id);
    if (existing) return { outcome: 'duplicate', payment: existing, invoice };

    const applied = applyPaymentTo(invoice, { ...input, tenantId }, deps.clock.now());
    const at = applied.payment.recordedAt;
    const events: TimelineEvent[] = [
      {
        type: 'payment.received',
        at,
        key: `payment.received:${id}`,
        detail: { paymentId: id, amount: input.amount, paidAt: input.paidAt, reference: input.reference, balance: applied.invoice.balance },
      },
    ];
    if (applied.invoice.status !== invoice.status) {
      events.push({ type: 'status.changed', at, key: `status.changed:${applied.invoice.status}:${id}`, detail: { from: invoice.status, to: applied.invoice.status } });
    }
    const result = await deps.invoices.applyPayment(invoice, applied.invoice, applied.payment, events);
    if (result === 'duplicate') {
      const payment = await deps.invoices.getPayment(tenantId, id);
      return { outcome: 'duplicate', payment: payment ?? applied.payment, invoice };
    }
    if (result === 'applied') {
      // Stopping is an optimisation: the reminder task re-reads the invoice and sends nothing for a paid one.
      if (applied.invoice.status === 'paid') await deps.workflows.stop(applied.invoice, 'invoice paid');
      return { outcome: 'applied', ...applied };
    }
    // 'stale': another writer changed the invoice between our read and write; read again.
  }
  throw new ConflictError('concurrent_update', `Invoice ${input.invoiceNumber} changed repeatedly while the payment was applied; retry the request`);
}
