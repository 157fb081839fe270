import { createHash } from 'node:crypto';
import * as z from 'zod';
import { calendarDateSchema, currencySchema, minorUnitsSchema, typeError, type ChangeSource, type TimelineEvent } from '../kernel/index.js';
import { invoiceNumberSchema, type Invoice } from '../invoicing/index.js';

/** Most invoices one credit note may be allocated to at once (one DynamoDB transaction holds them all). */
export const MAX_CREDIT_ALLOCATIONS = 20;

/** A credit note's number: the upstream's document number, the same characters as an invoice number. */
export const creditNoteNumberSchema = invoiceNumberSchema;

export const creditAllocationInputSchema = z.object({
  invoiceNumber: invoiceNumberSchema,
  /** Minor units for this invoice; absent: what the invoice still owes, at most what is left of the note. */
  amount: minorUnitsSchema.optional(),
});

const allocationsSchema = z
  .array(creditAllocationInputSchema)
  .min(1, 'must name at least one invoice')
  .max(MAX_CREDIT_ALLOCATIONS, `must name at most ${MAX_CREDIT_ALLOCATIONS} invoices`)
  .refine((allocations) => new Set(allocations.map((allocation) => allocation.invoiceNumber)).size === allocations.length, 'name each invoice once');

/** What upstream systems post: the contract of POST /credit-notes (see README and docs/credit-notes.md). */
export const creditNoteRequestSchema = z
  .object({
    creditNoteNumber: creditNoteNumberSchema,
    customer: z.object({ id: z.string(typeError('must be a text')).trim().min(1, 'is required').max(100, 'must be at most 100 characters') }),
    currency: currencySchema,
    amount: minorUnitsSchema,
    issueDate: calendarDateSchema,
    allocations: allocationsSchema.optional(),
    reason: z.string(typeError('must be a text')).trim().min(1, 'must not be blank').max(2000, 'must be at most 2000 characters').optional(),
  })
  .refine((note) => (note.allocations ?? []).reduce((sum, allocation) => sum + (allocation.amount ?? 0), 0) <= note.amount, {
    path: ['allocations'],
    message: 'allocate at most the credit note amount',
  });
export type CreditNoteRequest = z.infer<typeof creditNoteRequestSchema>;

/** POST /credit-notes/{creditNoteNumber}/allocate: what is left of a note, applied to further invoices. */
export const creditAllocationRequestSchema = z.object({ allocations: allocationsSchema });
export type CreditAllocationRequest = z.infer<typeof creditAllocationRequestSchema>;

/** Where a credit note came from: an API key, a file line or a dispute (the kernel's ChangeSource). */
export type CreditNoteSource = ChangeSource;

/** One part of a credit note applied to one invoice; the note keeps every allocation as its audit trail. */
export interface CreditNoteAllocation {
  invoiceNumber: string;
  amount: number;
  at: string;
  /** The allocation request that made it (a later POST …/allocate); a retry finds it and applies nothing again. */
  requestId?: string;
}

export interface CreditNote {
  tenantId: string;
  creditNoteNumber: string;
  customerId: string;
  currency: string;
  amount: number;
  issueDate: string;
  reason?: string;
  allocations: CreditNoteAllocation[];
  /** What is not applied to any invoice: the customer's credit. */
  unappliedAmount: number;
  /** Fingerprint of the posted content: same number + same hash = an idempotent repeat. */
  contentHash: string;
  source: CreditNoteSource;
  recordedAt: string;
}

/** An invoice's change within a credit note: what it was read as, what it becomes, and the events that record it. */
export interface CreditChange {
  before: Invoice;
  after: Invoice;
  events: TimelineEvent[];
}

/** Stable across key order, whitespace and the order of allocations' optional amounts: a re-post of the same note matches. */
export function creditNoteContentHash(request: CreditNoteRequest): string {
  const content = [
    request.creditNoteNumber,
    request.customer.id,
    request.currency,
    request.amount,
    request.issueDate,
    (request.allocations ?? []).map((allocation) => [allocation.invoiceNumber, allocation.amount ?? null]),
    request.reason ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/**
 * Which allocation request this is, so a retry applies nothing twice: the client's Idempotency-Key
 * when it sends one, else the request's content (as payments' allocationRequestId).
 */
export function creditAllocationRequestId(creditNoteNumber: string, key: string | undefined, request: CreditAllocationRequest): string {
  const identity = key === undefined ? ['body', request.allocations.map(({ invoiceNumber, amount }) => [invoiceNumber, amount ?? null])] : ['key', key];
  return `calloc_${createHash('sha256').update(JSON.stringify([creditNoteNumber, ...identity])).digest('hex').slice(0, 24)}`;
}
