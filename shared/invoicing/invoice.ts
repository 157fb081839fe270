import { createHash } from 'node:crypto';
import * as z from 'zod';
import { calendarDateSchema, timezoneSchema } from '../kernel/index.js';
import { currencySchema } from '../kernel/index.js';
import { policyNameSchema, type CollectionPolicy, type EscalationDecision } from '../policies/index.js';
import { boundedJsonObject, creditorReferenceFor, paymentReferenceSchema, typeError } from '../kernel/index.js';
import type { DisputeState, PaymentPlan, PromiseState } from './invoice-state.js';

/** The largest amount we accept: stays an exact integer in JSON and DynamoDB numbers. */
const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

/**
 * Bounds of an invoice's free-form `metadata`. The invoice item (with its metadata) must stay far below
 * DynamoDB's 400 KB item limit, and the metadata is copied into events and the import's rejects.
 */
export const METADATA_BOUNDS = { maxDepth: 10, maxBytes: 16 * 1024 };

export { currencySchema } from '../kernel/money.js';

export const localeSchema = z.string().max(35, 'must be at most 35 characters').refine((value) => {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}, 'must be a BCP 47 locale, e.g. de-DE');

export const customerSchema = z.object({
  id: z.string().trim().min(1, 'is required').max(100),
  name: z.string().trim().min(1, 'is required').max(200),
  email: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : value),
    z.email(typeError('must be an email address')).max(254).transform((email) => email.toLowerCase()),
  ),
  timezone: timezoneSchema.optional(),
  locale: localeSchema.optional(),
  /** The collector who owns the account; approves escalations when the policy says so. */
  accountOwner: z.email('must be an email address').max(254).transform((email) => email.toLowerCase()).optional(),
});

export const invoiceNumberSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(/^[\w./#:-]+$/, 'may contain letters, digits and . / # : _ -');

/** What upstream systems post: the contract of POST /invoices (see README). */
export const invoiceInputSchema = z
  .object({
    invoiceNumber: invoiceNumberSchema,
    customer: customerSchema,
    issueDate: calendarDateSchema,
    dueDate: calendarDateSchema,
    currency: currencySchema,
    amount: z
      .number(typeError('must be a number of minor units'))
      .int('must be an integer number of minor units (e.g. cents)')
      .positive('must be greater than zero')
      .max(MAX_AMOUNT, 'is too large'),
    poNumber: z.string().trim().min(1).max(64).optional(),
    paymentLinkUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048).optional(),
    /** A structured creditor reference (ISO 11649 RF…, Swiss QR reference), normalized; arflow assigns an RF one when absent. */
    paymentReference: paymentReferenceSchema.optional(),
    metadata: boundedJsonObject(METADATA_BOUNDS).optional(),
    /** The collection policy by name; the tenant's `default` policy when absent. */
    policy: policyNameSchema.optional(),
  })
  .refine((invoice) => invoice.dueDate >= invoice.issueDate, {
    path: ['dueDate'],
    message: 'must not be before issueDate',
  });

export type InvoiceInput = z.infer<typeof invoiceInputSchema>;
export type Customer = z.infer<typeof customerSchema>;

/**
 * open: being collected; paid; written_off and with_agency: ended by a final action; credited: a
 * dispute's credit note cleared what was left; cancelled: a dispute cancelled the invoice; void: the
 * system of record voided it; settled-upstream: the system of record settled it (an open-item snapshot).
 */
export const invoiceStatuses = ['open', 'paid', 'written_off', 'with_agency', 'credited', 'cancelled', 'void', 'settled-upstream'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export interface Invoice extends InvoiceInput {
  tenantId: string;
  status: InvoiceStatus;
  /** What is still owed, in minor units. */
  balance: number;
  /** Fingerprint of the posted content: same number + same hash = an idempotent repeat. */
  contentHash: string;
  /** Bumped whenever the workflow must be restarted; part of the execution name. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** The due date after an approver extended it; reminders and escalation follow it. */
  extendedDueDate?: string;
  /** Collection paused (by an approver) until this instant. */
  pausedUntil?: string;
  /** The current escalation, if one was requested and not cleared by an extension or pause. */
  escalation?: EscalationState;
  /** A dispute raised by the customer (through a notice's link); an open one stops collection. */
  dispute?: DisputeState;
  /** The customer's promise to pay by a date; collection waits for it. */
  promise?: PromiseState;
  /** Installments agreed with finance; while active, reminders follow the next unpaid installment. */
  paymentPlan?: PaymentPlan;
  /** Set when the invoice's workflow gave up after retries: a person must look at it. */
  workflowError?: { at: string; error: string; cause: string };
  /** The system of record's version of the stored content (PUT /invoices/{number}): an older one is stale. */
  sourceVersion?: number;
  /** The system of record's change time of the stored content, when it versions by time. */
  sourceUpdatedAt?: string;
  /** The terms it was created with, kept by its first correction: its `invoice.created` event shows them. */
  created?: { amount: number; currency: string; dueDate: string };
}

export interface EscalationState {
  id: string;
  status: 'pending' | 'approved' | 'stopped';
  requestedAt: string;
  /** When the approval task times out; every link expires before this. */
  expiresAt: string;
  decision?: EscalationDecision | 'timeout';
  decidedBy?: string;
  decidedAt?: string;
  /** End of the grace period that an approval starts. */
  graceEndsAt?: string;
}

/** The due date reminders and escalation count from. */
export function effectiveDueDate(invoice: Pick<Invoice, 'dueDate' | 'extendedDueDate'>): string {
  return invoice.extendedDueDate ?? invoice.dueDate;
}

/** Stable across key order and whitespace, so a re-post of the same JSON matches. */
export function invoiceContentHash(input: InvoiceInput): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function newInvoice(tenantId: string, input: InvoiceInput, now: Date): Invoice {
  const at = now.toISOString();
  return {
    ...input,
    // The content hash is of what was posted: a repeat without a reference stays the same invoice.
    paymentReference: input.paymentReference ?? creditorReferenceFor(tenantId, input.invoiceNumber),
    tenantId,
    status: 'open',
    balance: input.amount,
    contentHash: invoiceContentHash(input),
    revision: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/** The reference a payer quotes: the stored one; an invoice stored before references existed gets the one it would have been given. */
export function paymentReferenceOf(invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'paymentReference'>): string {
  return invoice.paymentReference ?? creditorReferenceFor(invoice.tenantId, invoice.invoiceNumber);
}

/** The zone an invoice's days are counted in: the customer's own, else the policy's default. */
export function customerZone(invoice: Pick<Invoice, 'customer'>, policy: CollectionPolicy): string {
  return invoice.customer.timezone ?? policy.defaultTimezone;
}
