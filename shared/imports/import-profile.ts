import * as z from 'zod';
import { currencySchema } from '../invoicing/index.js';
import { timezoneSchema } from '../kernel/index.js';
import { isValidDateFormat } from './date-format.js';

export const importKinds = ['invoices', 'payments', 'credit-notes', 'open-items'] as const;
export type ImportKind = (typeof importKinds)[number];

/** What may be dropped under incoming/<tenant>/: the profile-read kinds, and ISO 20022 bank statements (the cash-application module reads those). */
export const fileKinds = [...importKinds, 'bank-statements'] as const;
export type FileKind = (typeof fileKinds)[number];

/** The arflow fields a source column can feed, per kind. */
export const invoiceFields = [
  'invoiceNumber',
  'customerId',
  'customerName',
  'customerEmail',
  'customerTimezone',
  'customerLocale',
  'issueDate',
  'dueDate',
  'currency',
  'amount',
  'poNumber',
  'paymentLinkUrl',
  'paymentReference',
  // Upsert mode: the system of record's version of the row's invoice.
  'sourceVersion',
  'sourceUpdatedAt',
] as const;
/** An open-items row: the invoice as the system of record has it now, with what it still owes (docs/open-items.md). */
export const openItemFields = [...invoiceFields, 'balance'] as const;
export const paymentFields = ['invoiceNumber', 'amount', 'currency', 'paidAt', 'reference'] as const;
/** A credit-notes row is one note with at most one allocation (`invoiceNumber`, `allocationAmount` or what the invoice owes). */
export const creditNoteFields = ['creditNoteNumber', 'customerId', 'currency', 'amount', 'issueDate', 'invoiceNumber', 'allocationAmount', 'reason'] as const;
export type InvoiceField = (typeof invoiceFields)[number];
export type PaymentField = (typeof paymentFields)[number];

export const profileNameSchema = z.string().max(64).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1-64 lowercase letters, digits or hyphens');

/** `{customerId}` and `{invoiceNumber}` are replaced by the row's values. */
const templateSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((template) => [...template.matchAll(/\{(\w+)\}/g)].every((match) => match[1] === 'customerId' || match[1] === 'invoiceNumber'), 'may use only {customerId} and {invoiceNumber}');

const columnName = z.string().min(1).max(200);

/**
 * How to read one upstream's files: which source column feeds which arflow field, how dates and amounts
 * are written, and what to assume when the file lacks a value. Stored per tenant; a few are built in.
 */
export const importProfileSchema = z
  .object({
    name: profileNameSchema,
    kind: z.enum(importKinds),
    format: z.enum(['csv', 'jsonl']).default('csv'),
    /** CSV field delimiter. */
    delimiter: z.string().length(1, 'must be one character, e.g. , or ; or a tab').default(','),
    /**
     * arflow field → source column (CSV header name, or a dotted path into a JSON Lines object). Absent
     * (JSON Lines only): each line is the API's JSON body (POST /invoices or /payments) as it is.
     */
    columns: z.record(z.string().max(64), columnName).refine((columns) => Object.keys(columns).length <= 50, 'must map at most 50 fields').optional(),
    /** How dates are written, e.g. `M/D/YYYY`. */
    dateFormat: z.string().max(20, 'must be at most 20 characters').refine(isValidDateFormat, 'must contain YYYY, M or MM, and D or DD once each, e.g. M/D/YYYY').default('YYYY-MM-DD'),
    /** `decimal`: 1250.00 (converted with the currency's ISO 4217 digits); `minor`: 125000. */
    amounts: z.enum(['decimal', 'minor']).default('decimal'),
    decimalSeparator: z.enum(['.', ',']).default('.'),
    thousandsSeparator: z.enum([',', '.', ' ', "'"]).optional(),
    defaults: z
      .object({
        currency: currencySchema.optional(),
        /** Due date = issue date + this many days, when the file has no due date. */
        termsDays: z.number().int().min(0).max(3650).optional(),
        timezone: timezoneSchema.optional(),
        locale: z.string().min(2).max(35).optional(),
        /** Contact address when the row has none, e.g. `ar+{customerId}@billing.example`. */
        customerEmail: templateSchema.optional(),
        customerName: templateSchema.optional(),
      })
      .default({}),
    /** Source columns copied into the invoice's metadata as they are. */
    metadataColumns: z.array(columnName).max(20).default([]),
    /**
     * Invoices: `create` (the default) creates each number once, other content is a rejected row;
     * `upsert` takes each row as the system of record's version (PUT /invoices/{number}). A file named
     * `*.upsert.<ext>` is upserted whatever its profile says.
     */
    mode: z.enum(['create', 'upsert']).default('create'),
    /**
     * Open items: the largest share of the tenant's open invoices one snapshot may close by leaving them
     * out; above it nothing is closed until POST /imports/{jobId}/confirm (docs/open-items.md).
     */
    maxCloseShare: z.number().min(0).max(1).default(0.2),
  })
  .superRefine((profile, context) => {
    const allowed = fieldsOf(profile.kind);
    for (const field of Object.keys(profile.columns ?? {})) {
      if (!allowed.includes(field)) context.addIssue({ code: 'custom', path: ['columns', field], message: `is not a ${profile.kind} field; use one of ${allowed.join(', ')}` });
    }
    if (profile.columns === undefined && profile.format === 'csv') {
      context.addIssue({ code: 'custom', path: ['columns'], message: 'is required for CSV: map at least invoiceNumber and amount' });
    }
    if (profile.columns !== undefined) {
      for (const field of requiredFields(profile.kind)) {
        if (profile.columns[field] === undefined) context.addIssue({ code: 'custom', path: ['columns', field], message: 'is required' });
      }
    }
  });

export type ImportProfile = z.infer<typeof importProfileSchema>;

function fieldsOf(kind: ImportKind): readonly string[] {
  if (kind === 'invoices') return invoiceFields;
  if (kind === 'open-items') return openItemFields;
  return kind === 'payments' ? paymentFields : creditNoteFields;
}

/** The fields a profile of the kind must map (and a CSV header must have). */
export function requiredFields(kind: ImportKind): string[] {
  if (kind === 'invoices') return ['invoiceNumber', 'customerId', 'issueDate', 'amount'];
  if (kind === 'open-items') return ['invoiceNumber', 'customerId', 'issueDate', 'amount', 'balance'];
  if (kind === 'payments') return ['invoiceNumber', 'amount', 'paidAt'];
  return ['creditNoteNumber', 'customerId', 'amount', 'issueDate'];
}
export type ImportProfileInput = z.input<typeof importProfileSchema>;

/** The arflow layout of a kind: CSV with every field under its own name, and JSON Lines of the API's bodies. */
function arflowLayouts(kind: ImportKind): ImportProfile[] {
  return [
    importProfileSchema.parse({ name: `arflow-${kind}`, kind, format: 'csv', columns: Object.fromEntries(fieldsOf(kind).map((field) => [field, field])) }),
    importProfileSchema.parse({ name: `arflow-${kind}-jsonl`, kind, format: 'jsonl' }),
  ];
}

/**
 * Profiles every tenant has. A tenant's stored profile of the same name wins.
 *
 * `ibm-ar-sample` reads the public IBM Watson Analytics accounts-receivable sample (see
 * data/README.md) as it is: M/D/YYYY dates, decimal amounts taken as USD, invoice numbers kept
 * as text (leading zeros stay). The file has no names or email addresses, so the profile names each
 * customer after its id and gives it a placeholder address on the reserved `.invalid` domain
 * (RFC 2606): reminders are composed and recorded but can reach nobody. A real upstream maps its
 * contact column or sets its own `defaults.customerEmail`.
 */
export const builtInProfiles: readonly ImportProfile[] = [
  ...importKinds.flatMap(arflowLayouts),
  importProfileSchema.parse({
    name: 'ibm-ar-sample',
    kind: 'invoices',
    format: 'csv',
    columns: { invoiceNumber: 'invoiceNumber', customerId: 'customerID', issueDate: 'InvoiceDate', dueDate: 'DueDate', amount: 'InvoiceAmount' },
    dateFormat: 'M/D/YYYY',
    defaults: { currency: 'USD', termsDays: 30, customerName: 'Customer {customerId}', customerEmail: 'ar+{customerId}@example.invalid' },
    metadataColumns: ['countryCode', 'PaperlessBill'],
  }),
  importProfileSchema.parse({
    name: 'ibm-ar-sample-payments',
    kind: 'payments',
    format: 'csv',
    columns: { invoiceNumber: 'invoiceNumber', amount: 'InvoiceAmount', paidAt: 'SettledDate' },
    dateFormat: 'M/D/YYYY',
    defaults: { currency: 'USD' },
  }),
];

/** The profile a file uses when its key names none: the arflow layout for its kind and format. */
export function defaultProfileName(kind: ImportKind, fileName: string): string {
  const jsonLines = /\.(jsonl|ndjson)$/i.test(fileName);
  return `arflow-${kind}${jsonLines ? '-jsonl' : ''}`;
}

export function builtInProfile(name: string): ImportProfile | undefined {
  return builtInProfiles.find((profile) => profile.name === name);
}
