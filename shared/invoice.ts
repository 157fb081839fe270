import { createHash } from 'node:crypto';
import { z } from 'zod';
import { calendarDateSchema, timezoneSchema } from './calendar.js';
import { isKnownCurrency } from './money.js';
import { typeError } from './validation.js';

/** The largest amount we accept: stays an exact integer in JSON and DynamoDB numbers. */
const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code in upper case, e.g. EUR')
  .refine(isKnownCurrency, 'is not a known ISO 4217 currency');

const localeSchema = z.string().refine((value) => {
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
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((invoice) => invoice.dueDate >= invoice.issueDate, {
    path: ['dueDate'],
    message: 'must not be before issueDate',
  });

export type InvoiceInput = z.infer<typeof invoiceInputSchema>;
export type Customer = z.infer<typeof customerSchema>;

export const invoiceStatuses = ['open', 'paid'] as const;
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
  /** Set when the invoice's workflow gave up after retries: a person must look at it. */
  workflowError?: { at: string; error: string; cause: string };
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
    tenantId,
    status: 'open',
    balance: input.amount,
    contentHash: invoiceContentHash(input),
    revision: 1,
    createdAt: at,
    updatedAt: at,
  };
}
