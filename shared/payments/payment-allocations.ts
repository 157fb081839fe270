import { createHash } from 'node:crypto';
import type { AllocationRequest, Payment } from './payment.js';

/**
 * Which allocation request this is, so a retry applies nothing twice: the client's Idempotency-Key
 * when it sends one, else the request's content. Without a key, allocating the very same amounts to
 * the same invoices a second time is taken as a retry: send distinct keys to do that on purpose.
 */
export function allocationRequestId(paymentId: string, key: string | undefined, request: AllocationRequest): string {
  const identity = key === undefined ? ['body', request.allocations.map(({ invoiceNumber, amount }) => [invoiceNumber, amount ?? null]), request.by ?? null] : ['key', key];
  return `alloc_${createHash('sha256').update(JSON.stringify([paymentId, ...identity])).digest('hex').slice(0, 24)}`;
}

/** What is unapplied per currency: cash that matched no invoice, and customers' credit. */
export function unappliedTotals(payments: readonly (Pick<Payment, 'currency' | 'unappliedAmount'> & { state: string })[]): Record<string, { unmatched: number; credit: number }> {
  const totals: Record<string, { unmatched: number; credit: number }> = {};
  for (const payment of payments) {
    const total = (totals[payment.currency] ??= { unmatched: 0, credit: 0 });
    if (payment.state === 'credit') total.credit += payment.unappliedAmount;
    else total.unmatched += payment.unappliedAmount;
  }
  return totals;
}
