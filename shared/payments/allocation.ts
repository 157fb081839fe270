import { ValidationError } from '../kernel/index.js';
import { invoiceNumberSchema, type Invoice } from '../invoicing/index.js';
import { applyAmountTo, type AllocationSource, type Payment, type PaymentAllocation } from './payment.js';
import type { TimelineEvent } from '../kernel/index.js';

/** Most invoice numbers looked up from one reference: remittance text is free-form and may be long. */
export const MAX_REFERENCE_CANDIDATES = 20;

/**
 * The words of a reference that could be invoice numbers, in the order written, each once:
 * "Invoices INV-1001, INV-1002." → ["INV-1001", "INV-1002"] (words without a digit are not numbers). Callers look each up;
 * words that name no invoice simply match nothing.
 */
export function invoiceNumberCandidates(reference: string | undefined): string[] {
  if (!reference) return [];
  const words = reference.match(/[\w./#:-]+/g) ?? [];
  const candidates: string[] = [];
  for (const word of words) {
    // Sentence punctuation around a number ("INV-1001." "#INV-1002:") is not part of it.
    const trimmed = word.replace(/^[.#:/-]+|[.#:/-]+$/g, '');
    if (trimmed.length < 2 || !/\d/.test(trimmed) || !invoiceNumberSchema.safeParse(trimmed).success) continue;
    if (!candidates.includes(trimmed)) candidates.push(trimmed);
    if (candidates.length === MAX_REFERENCE_CANDIDATES) break;
  }
  return candidates;
}

/** A customer's invoices in the order cash is applied to them: oldest due date first, then issue date, then number. */
export function oldestFirst(invoices: readonly Invoice[]): Invoice[] {
  const key = (invoice: Invoice) => `${invoice.dueDate}|${invoice.issueDate}|${invoice.invoiceNumber}`;
  return [...invoices].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** An invoice's change within a payment: what it was read as, what it becomes, and the events that record it. */
export interface InvoiceChange {
  before: Invoice;
  after: Invoice;
  events: TimelineEvent[];
}

export interface AllocationTarget {
  invoice: Invoice;
  /** At most this much (a named allocation's amount); absent: as much as the balance takes. */
  limit?: number;
  matchedBy: AllocationSource;
}

/**
 * Applies `available` of a payment to the targets in order, each up to its balance (and its limit),
 * until nothing is left. Pure: returns the invoice changes with their timeline events and the
 * allocations for the payment's audit trail. Throws ValidationError for another currency and
 * ConflictError for an invoice that is no longer open (the caller decides which targets may be skipped).
 */
export function allocate(
  payment: Pick<Payment, 'paymentId' | 'amount' | 'currency' | 'paidAt' | 'reference' | 'method'>,
  available: number,
  targets: readonly AllocationTarget[],
  now: Date,
  options: { by?: string; eventKeySuffix?: string; requestId?: string } = {},
): { changes: InvoiceChange[]; allocations: PaymentAllocation[]; remaining: number } {
  const at = now.toISOString();
  const changes: InvoiceChange[] = [];
  const allocations: PaymentAllocation[] = [];
  let remaining = available;
  for (const target of targets) {
    const wanted = Math.min(remaining, target.limit ?? remaining);
    const { invoice: after, applied } = applyAmountTo(target.invoice, wanted, payment.currency, now);
    if (applied === 0) continue;
    remaining -= applied;
    const suffix = options.eventKeySuffix ? `:${options.eventKeySuffix}` : '';
    const events: TimelineEvent[] = [
      {
        type: 'payment.received',
        at,
        key: `payment.received:${payment.paymentId}${suffix}`,
        detail: {
          paymentId: payment.paymentId,
          amount: applied,
          paymentAmount: payment.amount,
          paidAt: payment.paidAt,
          reference: payment.reference,
          method: payment.method,
          matchedBy: target.matchedBy,
          ...(options.by ? { allocatedBy: options.by } : {}),
          // What an accounting system needs from the invoice.paid / partially_paid event derived from this one.
          currency: payment.currency,
          customerId: target.invoice.customer.id,
          balance: after.balance,
        },
      },
    ];
    if (after.status !== target.invoice.status) {
      events.push({ type: 'status.changed', at, key: `status.changed:${after.status}:${payment.paymentId}${suffix}`, detail: { from: target.invoice.status, to: after.status } });
    }
    changes.push({ before: target.invoice, after, events });
    allocations.push({
      invoiceNumber: target.invoice.invoiceNumber,
      customerId: target.invoice.customer.id,
      amount: applied,
      at,
      matchedBy: target.matchedBy,
      ...(options.by ? { by: options.by } : {}),
      ...(options.requestId ? { requestId: options.requestId } : {}),
    });
    if (remaining === 0) break;
  }
  return { changes, allocations, remaining };
}

/**
 * Whose leftover cash it is: the customer given with the payment, else the one customer of every
 * invoice it was applied to; none when nothing matched or the invoices belong to several customers.
 */
export function payerOf(givenCustomerId: string | undefined, allocations: readonly Pick<PaymentAllocation, 'customerId'>[]): string | undefined {
  if (givenCustomerId) return givenCustomerId;
  const customers = new Set(allocations.map((allocation) => allocation.customerId));
  return customers.size === 1 ? [...customers][0] : undefined;
}

/** A person may allocate at most what is unapplied, and credit only to its own customer's invoices. */
export function checkManualAllocation(payment: Payment, requested: readonly { invoice: Invoice; amount?: number }[]): void {
  const named = requested.reduce((sum, item) => sum + (item.amount ?? 0), 0);
  if (named > payment.unappliedAmount) {
    throw new ValidationError(`Payment ${payment.paymentId} has ${payment.unappliedAmount} unapplied; ${named} cannot be allocated`, [
      { path: 'allocations', message: `allocate at most ${payment.unappliedAmount}, the unapplied amount` },
    ]);
  }
  requested.forEach((item, index) => {
    if (payment.customerId && item.invoice.customer.id !== payment.customerId) {
      throw new ValidationError(`Payment ${payment.paymentId} is credit of customer ${payment.customerId}; invoice ${item.invoice.invoiceNumber} belongs to ${item.invoice.customer.id}`, [
        { path: `allocations.${index}.invoiceNumber`, message: `must be an invoice of customer ${payment.customerId}` },
      ]);
    }
  });
}
