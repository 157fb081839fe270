import type { Invoice } from '../../../shared/invoicing/index.js';
import type { Payment } from '../../../shared/payments/index.js';
import type { TimelineEvent } from '../../../shared/kernel/index.js';
import { openInvoice } from '../../unit/fixtures.js';
import type { Stores } from './stores.js';

/** About 100 KB: a dozen items of this size fill more than one 1 MB query page. */
export const LARGE_TEXT = 'x'.repeat(100_000);
/** Items enough to need a second query page when each carries LARGE_TEXT. */
export const MORE_THAN_A_PAGE = 12;

/** Stores an open invoice of the tenant through the batch store (the only way new invoices are stored), and returns it as stored. */
export async function storedInvoice(stores: Stores, tenantId: string, overrides: Partial<Invoice> = {}): Promise<Invoice> {
  const invoice = openInvoice(overrides, tenantId);
  const [result] = await stores.invoiceBatch.createAll([{ invoice, events: [{ type: 'invoice.created', at: invoice.createdAt, key: 'invoice.created' }] }]);
  if (!result?.created) throw new Error(`invoice ${invoice.invoiceNumber} was already stored`);
  const stored = await stores.invoices.get(tenantId, invoice.invoiceNumber);
  if (!stored) throw new Error(`invoice ${invoice.invoiceNumber} was not stored`);
  return stored;
}

export function event(type: TimelineEvent['type'], at: string, key: string, detail?: Record<string, unknown>): TimelineEvent {
  return { type, at, key, ...(detail ? { detail } : {}) };
}

/** A payment of `amount` to the invoice (all of it applied unless `unapplied`). */
export function paymentOf(invoice: Invoice, paymentId: string, amount: number, options: { unapplied?: number; recordedAt?: string; reference?: string } = {}): Payment {
  const unapplied = options.unapplied ?? 0;
  const recordedAt = options.recordedAt ?? '2026-12-05T10:00:00.000Z';
  return {
    tenantId: invoice.tenantId,
    paymentId,
    amount,
    currency: invoice.currency,
    paidAt: '2026-12-05',
    customerId: invoice.customer.id,
    invoiceNumber: invoice.invoiceNumber,
    ...(options.reference ? { reference: options.reference } : {}),
    allocations: amount > unapplied ? [{ invoiceNumber: invoice.invoiceNumber, customerId: invoice.customer.id, amount: amount - unapplied, at: recordedAt, matchedBy: 'explicit' }] : [],
    excessAmount: unapplied,
    unappliedAmount: unapplied,
    recordedAt,
  };
}

/** The invoice after `amount` of it is paid (paid in full at its balance). */
export function afterPaying(invoice: Invoice, amount: number, at = '2026-12-05T10:00:00.000Z'): Invoice {
  const balance = invoice.balance - amount;
  return { ...invoice, balance, status: balance === 0 ? 'paid' : 'open', updatedAt: at };
}

/** Pays `amount` of the invoice through the payment port (as a payment arriving from anywhere would). */
export async function pay(stores: Stores, invoice: Invoice, paymentId: string, amount: number): Promise<Invoice> {
  const after = afterPaying(invoice, amount);
  const outcome = await stores.payments.applyPayment(paymentOf(invoice, paymentId, amount), [{ before: invoice, after, events: [event('payment.received', after.updatedAt, `payment.received:${paymentId}`)] }]);
  if (outcome !== 'applied') throw new Error(`payment ${paymentId}: ${outcome}`);
  return after;
}
