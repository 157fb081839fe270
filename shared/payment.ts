import { createHash } from 'node:crypto';
import { z } from 'zod';
import { calendarDateSchema } from './calendar.js';
import { ConflictError, ValidationError } from './errors.js';
import { currencySchema, invoiceNumberSchema, type Invoice } from './invoice.js';
import { typeError } from './validation.js';

/** What upstream systems post: the contract of POST /payments (see README). */
export const paymentInputSchema = z.object({
  invoiceNumber: invoiceNumberSchema,
  amount: z
    .number(typeError('must be a number of minor units'))
    .int('must be an integer number of minor units (e.g. cents)')
    .positive('must be greater than zero')
    .max(Number.MAX_SAFE_INTEGER, 'is too large'),
  currency: currencySchema,
  paidAt: calendarDateSchema,
  reference: z.string().trim().max(500).optional(),
});

export type PaymentInput = z.infer<typeof paymentInputSchema>;

export interface Payment extends PaymentInput {
  tenantId: string;
  paymentId: string;
  /** The part of the amount beyond the invoice's balance (kept for the customer's credit). */
  excessAmount: number;
  recordedAt: string;
}

/**
 * A payment's id is its content: the same payment posted twice (a retry) is recorded once.
 */
export function paymentId(tenantId: string, input: PaymentInput): string {
  const key = [tenantId, input.invoiceNumber, input.amount, input.currency, input.paidAt, input.reference ?? ''].join('\u0000');
  return `pay_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/** The invoice after the payment, and the payment as recorded. Throws for payments that cannot apply. */
export function applyPaymentTo(invoice: Invoice, payment: PaymentInput & { tenantId: string }, now: Date): { invoice: Invoice; payment: Payment } {
  if (payment.currency !== invoice.currency) {
    throw new ValidationError(`Payment currency ${payment.currency} does not match invoice currency ${invoice.currency}`, [
      { path: 'currency', message: `must be ${invoice.currency}, the invoice's currency` },
    ]);
  }
  if (invoice.status !== 'open') {
    throw new ConflictError('invoice_not_open', `Invoice ${invoice.invoiceNumber} is ${invoice.status}; it takes no payments`);
  }
  const applied = Math.min(payment.amount, invoice.balance);
  const balance = invoice.balance - applied;
  const at = now.toISOString();
  return {
    invoice: { ...invoice, balance, status: balance === 0 ? 'paid' : 'open', updatedAt: at },
    payment: {
      ...payment,
      paymentId: paymentId(payment.tenantId, payment),
      excessAmount: payment.amount - applied,
      recordedAt: at,
    },
  };
}
