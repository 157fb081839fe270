import { createHash } from 'node:crypto';
import * as z from 'zod';
import { calendarDateSchema } from '../kernel/index.js';
import { ConflictError, ValidationError } from '../kernel/index.js';
import { currencySchema, invoiceNumberSchema, type Invoice } from '../invoicing/invoice.js';
import { typeError } from '../kernel/index.js';

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

export const paymentMethods = ['bank_transfer', 'card', 'direct_debit', 'cheque', 'cash', 'other'] as const;

/** Most invoices one payment may be allocated to at once (one DynamoDB transaction holds them all). */
export const MAX_ALLOCATIONS = 20;

const minorUnits = z
  .number(typeError('must be a number of minor units'))
  .int('must be an integer number of minor units (e.g. cents)')
  .positive('must be greater than zero')
  .max(Number.MAX_SAFE_INTEGER, 'is too large');

export const allocationInputSchema = z.object({
  invoiceNumber: invoiceNumberSchema,
  /** Minor units for this invoice; absent: as much as the invoice's balance takes from what is left. */
  amount: minorUnits.optional(),
});
export type AllocationInput = z.infer<typeof allocationInputSchema>;

/**
 * One item of POST /payments. `invoiceNumber` is the single-invoice contract (an allocation of the
 * whole amount to that invoice); `allocations` name several; with neither, the payment is matched by
 * the invoice numbers in its reference, else to the customer's oldest open invoices.
 */
export const paymentRequestSchema = z
  .object({
    amount: minorUnits,
    currency: currencySchema,
    paidAt: calendarDateSchema,
    method: z.enum(paymentMethods, 'must be one of bank_transfer, card, direct_debit, cheque, cash, other').optional(),
    reference: z.string().trim().max(500).optional(),
    customerId: z.string().trim().min(1, 'is required').max(100).optional(),
    invoiceNumber: invoiceNumberSchema.optional(),
    /**
     * The upstream system's own id of the payment (e.g. the bank transaction id). With it, the id alone
     * says which payment this is: two identical payments with distinct ids are two payments, and the
     * same id again is the same payment (a retry).
     */
    externalId: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters').optional(),
    allocations: z.array(allocationInputSchema).min(1, 'must name at least one invoice').max(MAX_ALLOCATIONS, `must name at most ${MAX_ALLOCATIONS} invoices`).optional(),
  })
  .refine((payment) => !(payment.invoiceNumber && payment.allocations), { path: ['allocations'], message: 'give either invoiceNumber or allocations, not both' })
  .refine((payment) => (payment.allocations ?? []).reduce((sum, allocation) => sum + (allocation.amount ?? 0), 0) <= payment.amount, {
    path: ['allocations'],
    message: 'allocate at most the payment amount',
  })
  .refine((payment) => new Set((payment.allocations ?? []).map((allocation) => allocation.invoiceNumber)).size === (payment.allocations ?? []).length, {
    path: ['allocations'],
    message: 'name each invoice once',
  });
export type PaymentRequest = z.infer<typeof paymentRequestSchema>;

/** POST /payments/{id}/allocate: a person applies unapplied cash or credit to invoices. */
export const allocationRequestSchema = z.object({
  allocations: z.array(allocationInputSchema).min(1, 'must name at least one invoice').max(MAX_ALLOCATIONS, `must name at most ${MAX_ALLOCATIONS} invoices`),
  /** Who allocated it, for the audit trail. */
  by: z.string().trim().min(1).max(200).optional(),
});
export type AllocationRequest = z.infer<typeof allocationRequestSchema>;

/** How an allocation found its invoice: named by the payer, found in the reference, the customer's oldest open invoice, by a person, or by a bank statement's structured payment reference. */
export const allocationSources = ['explicit', 'reference', 'oldest-first', 'manual', 'payment-reference'] as const;
export type AllocationSource = (typeof allocationSources)[number];

/** One part of a payment applied to one invoice; the payment keeps every allocation as its audit trail. */
export interface PaymentAllocation {
  invoiceNumber: string;
  customerId: string;
  amount: number;
  at: string;
  matchedBy: AllocationSource;
  /** Who allocated it by hand (manual allocations). */
  by?: string;
  /** The allocation request that made it (POST /payments/{id}/allocate): a retry of that request finds it and applies nothing again. */
  requestId?: string;
}

export interface Payment {
  tenantId: string;
  paymentId: string;
  amount: number;
  currency: string;
  paidAt: string;
  reference?: string;
  method?: (typeof paymentMethods)[number];
  /** The payer, when it is known (given, or the customer of the invoices it paid). */
  customerId?: string;
  /** The invoice it was posted for (the single-invoice contract). */
  invoiceNumber?: string;
  /** The upstream system's id of the payment, when it sent one. */
  externalId?: string;
  allocations: PaymentAllocation[];
  /** The part not applied to any invoice when it arrived (an overpayment, or nothing matched). */
  excessAmount: number;
  /** The part still not applied now: the customer's credit when the payer is known, else unmatched cash. */
  unappliedAmount: number;
  recordedAt: string;
  /** When the bank took it back (a statement's reversal): its allocations were undone, nothing of it is unapplied. */
  reversedAt?: string;
}

/** applied: all of it went to invoices; credit: the rest is the known customer's credit; unapplied: nobody knows whose it is. */
export function paymentState(payment: Pick<Payment, 'unappliedAmount' | 'customerId'>): 'applied' | 'credit' | 'unapplied' {
  if (payment.unappliedAmount === 0) return 'applied';
  return payment.customerId ? 'credit' : 'unapplied';
}

/**
 * A payment's id is its content: the same payment posted twice (a retry) is recorded once.
 */
export function paymentId(tenantId: string, input: PaymentInput): string {
  const key = [tenantId, input.invoiceNumber, input.amount, input.currency, input.paidAt, input.reference ?? ''].join('\u0000');
  return `pay_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/**
 * A request's id: its `externalId` when it has one, else its content. A request in the single-invoice
 * contract keeps the id that contract always had, so a retry of a payment posted before allocations
 * existed stays a duplicate. `occurrence` tells identical payments without an id apart within one
 * batch (the 2nd copy is a 2nd payment): each copy keeps its id when the batch is retried.
 */
export function paymentRequestId(tenantId: string, request: PaymentRequest, occurrence = 1): string {
  const { invoiceNumber, amount, currency, paidAt, reference, method, customerId, allocations, externalId } = request;
  if (externalId !== undefined) return `pay_${createHash('sha256').update(JSON.stringify([tenantId, 'externalId', externalId])).digest('hex').slice(0, 24)}`;
  if (invoiceNumber && method === undefined && customerId === undefined && occurrence === 1) return paymentId(tenantId, { invoiceNumber, amount, currency, paidAt, reference });
  const content = JSON.stringify([tenantId, amount, currency, paidAt, reference ?? null, method ?? null, customerId ?? null, invoiceNumber ?? null, allocations ?? null, ...(occurrence > 1 ? [occurrence] : [])]);
  return `pay_${createHash('sha256').update(content).digest('hex').slice(0, 24)}`;
}

/** A stored payment and a request with the same external id that says something else about it: a reused id. */
export function contradicts(payment: Pick<Payment, 'amount' | 'currency' | 'paidAt'>, request: Pick<PaymentRequest, 'amount' | 'currency' | 'paidAt'>): boolean {
  return payment.amount !== request.amount || payment.currency !== request.currency || payment.paidAt !== request.paidAt;
}

/**
 * The invoice after `amount` of a payment in `currency` is applied to it: what is applied (at most the
 * balance), the new balance, and `paid` when nothing is left. Throws for payments that cannot apply.
 */
export function applyAmountTo(invoice: Invoice, amount: number, currency: string, now: Date): { invoice: Invoice; applied: number } {
  if (currency !== invoice.currency) {
    throw new ValidationError(`Payment currency ${currency} does not match invoice ${invoice.invoiceNumber}'s currency ${invoice.currency}`, [
      { path: 'currency', message: `must be ${invoice.currency}, the currency of invoice ${invoice.invoiceNumber}` },
    ]);
  }
  if (invoice.status !== 'open') {
    throw new ConflictError('invoice_not_open', `Invoice ${invoice.invoiceNumber} is ${invoice.status}; it takes no payments`);
  }
  const applied = Math.min(amount, invoice.balance);
  const balance = invoice.balance - applied;
  return { invoice: { ...invoice, balance, status: balance === 0 ? 'paid' : 'open', updatedAt: now.toISOString() }, applied };
}

/** The invoice after the payment, and the payment as recorded (the single-invoice contract). Throws for payments that cannot apply. */
export function applyPaymentTo(invoice: Invoice, payment: PaymentInput & { tenantId: string }, now: Date): { invoice: Invoice; payment: Payment } {
  const { invoice: after, applied } = applyAmountTo(invoice, payment.amount, payment.currency, now);
  const at = now.toISOString();
  const excessAmount = payment.amount - applied;
  return {
    invoice: after,
    payment: {
      ...payment,
      paymentId: paymentId(payment.tenantId, payment),
      customerId: invoice.customer.id,
      allocations: applied > 0 ? [{ invoiceNumber: invoice.invoiceNumber, customerId: invoice.customer.id, amount: applied, at, matchedBy: 'explicit' }] : [],
      excessAmount,
      unappliedAmount: excessAmount,
      recordedAt: at,
    },
  };
}
