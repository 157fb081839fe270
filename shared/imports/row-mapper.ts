import type { ZodError } from 'zod';
import { addDays } from '../kernel/index.js';
import { invoiceInputSchema, type InvoiceInput } from '../invoicing/index.js';
import { minorUnitDigits, isKnownCurrency } from '../kernel/index.js';
import { paymentInputSchema, type PaymentInput } from '../payments/index.js';
import { fieldIssues } from '../kernel/index.js';
import { dateFormat } from './date-format.js';
import { decimalToMinorUnits } from './decimal.js';
import { requiredFields, type ImportProfile } from './import-profile.js';
import { creditNoteRequestSchema, type CreditNoteRequest } from '../credit-notes/index.js';
import { sourceVersionSchema, splitVersion, type SourceVersion } from './revise-invoice.js';

/** A source row: CSV columns by header name, or a JSON Lines object. */
export type SourceRecord = Record<string, unknown>;
export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Where each API field's value came from, so a reason names the column the upstream can fix. */
const apiPathToField: Record<string, string> = {
  invoiceNumber: 'invoiceNumber',
  'customer.id': 'customerId',
  'customer.name': 'customerName',
  'customer.email': 'customerEmail',
  'customer.timezone': 'customerTimezone',
  'customer.locale': 'customerLocale',
  issueDate: 'issueDate',
  dueDate: 'dueDate',
  currency: 'currency',
  amount: 'amount',
  poNumber: 'poNumber',
  paymentLinkUrl: 'paymentLinkUrl',
  paymentReference: 'paymentReference',
  paidAt: 'paidAt',
  creditNoteNumber: 'creditNoteNumber',
  'allocations.0.invoiceNumber': 'invoiceNumber',
  'allocations.0.amount': 'allocationAmount',
  reason: 'reason',
  reference: 'reference',
  sourceVersion: 'sourceVersion',
  sourceUpdatedAt: 'sourceUpdatedAt',
};

/**
 * Maps and cleanses rows with one profile: trims every value, treats blank as absent, parses dates and
 * decimal amounts, fills the profile's defaults, and validates with the API's own schema, so a file row
 * and a POST body pass the same rules.
 */
export class RowMapper {
  private readonly dates;

  constructor(readonly profile: ImportProfile) {
    this.dates = dateFormat(profile.dateFormat);
  }

  /** Columns the profile needs in the header (CSV); optional ones are not checked. */
  requiredColumns(): string[] {
    const columns = this.profile.columns ?? {};
    return requiredFields(this.profile.kind).map((field) => columns[field]).filter((column): column is string => column !== undefined);
  }

  /** The invoice number of a row, for duplicate detection and the rejects file, before full validation. */
  invoiceNumberOf(record: SourceRecord): string | undefined {
    const column = this.profile.columns?.['invoiceNumber'];
    const value = column === undefined ? record['invoiceNumber'] : valueAt(record, column);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  }

  invoice(record: SourceRecord): Mapped<InvoiceInput> {
    if (this.profile.columns === undefined) return fromSchema(invoiceInputSchema.safeParse(record), this.profile);
    const text = (field: string) => this.text(record, field);
    const issues: string[] = [];
    const currency = this.currency(record);
    const issueDate = this.date(record, 'issueDate', issues);
    let dueDate = this.date(record, 'dueDate', issues);
    if (dueDate === undefined && issueDate !== undefined && text('dueDate') === undefined) {
      if (this.profile.defaults.termsDays === undefined) issues.push(`dueDate${this.columnNote('dueDate')}: is required (or set defaults.termsDays in the profile)`);
      else dueDate = addDays(issueDate, this.profile.defaults.termsDays);
    }
    const amount = this.amount(record, currency, issues);
    const customerId = text('customerId');
    const invoiceNumber = text('invoiceNumber');
    const fill = (template: string | undefined) =>
      template?.replace(/\{customerId\}/g, customerId ?? '').replace(/\{invoiceNumber\}/g, invoiceNumber ?? '');
    const metadata = Object.fromEntries(
      this.profile.metadataColumns.map((column) => [column, stringOf(valueAt(record, column))]).filter(([, value]) => value !== undefined),
    );
    if (issues.length > 0) return { ok: false, reason: issues.join('; ') };
    const candidate = {
      invoiceNumber,
      customer: {
        id: customerId,
        name: text('customerName') ?? fill(this.profile.defaults.customerName),
        email: text('customerEmail') ?? fill(this.profile.defaults.customerEmail),
        timezone: text('customerTimezone') ?? this.profile.defaults.timezone,
        locale: text('customerLocale') ?? this.profile.defaults.locale,
      },
      issueDate,
      dueDate,
      currency,
      amount,
      poNumber: text('poNumber'),
      paymentLinkUrl: text('paymentLinkUrl'),
      paymentReference: text('paymentReference'),
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    };
    return fromSchema(invoiceInputSchema.safeParse(candidate), this.profile);
  }

  /** The system of record's version of a row's invoice (upsert mode): `sourceVersion` and/or `sourceUpdatedAt`, both optional. */
  invoiceVersion(record: SourceRecord): Mapped<SourceVersion> {
    const column = (field: string) => this.profile.columns?.[field] ?? field;
    const raw = (field: string) => stringOf(valueAt(record, column(field)));
    const version = raw('sourceVersion');
    const candidate = { sourceVersion: version === undefined ? undefined : /^\d+$/.test(version) ? Number(version) : version, sourceUpdatedAt: raw('sourceUpdatedAt') };
    const parsed = sourceVersionSchema.safeParse(candidate);
    if (!parsed.success) return fromSchema(parsed, this.profile);
    return { ok: true, value: splitVersion({ ...parsed.data }).version };
  }

  /** An open-items row's `balance`: what the system of record says is still owed (JSON Lines without columns: minor units, as `amount`). */
  balance(record: SourceRecord, currency: string): Mapped<number> {
    const issues: string[] = [];
    const raw = this.profile.columns === undefined ? record['balance'] : this.amount(record, currency, issues, 'balance');
    if (issues.length > 0) return { ok: false, reason: issues.join('; ') };
    if (raw === undefined || raw === null || raw === '') return { ok: false, reason: `balance${this.columnNote('balance')}: is required` };
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0) return { ok: false, reason: `balance${this.columnNote('balance')}: must be a non-negative amount${this.profile.columns === undefined ? ' in minor units (an integer)' : ''}` };
    return { ok: true, value: raw };
  }

  payment(record: SourceRecord): Mapped<PaymentInput> {
    if (this.profile.columns === undefined) return fromSchema(paymentInputSchema.safeParse(record), this.profile);
    const issues: string[] = [];
    const currency = this.currency(record);
    const paidAt = this.date(record, 'paidAt', issues);
    const amount = this.amount(record, currency, issues);
    if (issues.length > 0) return { ok: false, reason: issues.join('; ') };
    const candidate = { invoiceNumber: this.text(record, 'invoiceNumber'), amount, currency, paidAt, reference: this.text(record, 'reference') };
    return fromSchema(paymentInputSchema.safeParse(candidate), this.profile);
  }

  /** A credit-notes row: one note, allocated to the row's invoice (its `allocationAmount`, else what it owes) when it names one. */
  creditNote(record: SourceRecord): Mapped<CreditNoteRequest> {
    if (this.profile.columns === undefined) return fromSchema(creditNoteRequestSchema.safeParse(record), this.profile);
    const issues: string[] = [];
    const currency = this.currency(record);
    const issueDate = this.date(record, 'issueDate', issues);
    const amount = this.amount(record, currency, issues);
    const allocationAmount = this.amount(record, currency, issues, 'allocationAmount');
    if (issues.length > 0) return { ok: false, reason: issues.join('; ') };
    const invoiceNumber = this.text(record, 'invoiceNumber');
    const reason = this.text(record, 'reason');
    const candidate = {
      creditNoteNumber: this.text(record, 'creditNoteNumber'),
      customer: { id: this.text(record, 'customerId') },
      currency,
      amount,
      issueDate,
      ...(invoiceNumber !== undefined || allocationAmount !== undefined ? { allocations: [{ invoiceNumber, ...(allocationAmount === undefined ? {} : { amount: allocationAmount }) }] } : {}),
      ...(reason === undefined ? {} : { reason }),
    };
    return fromSchema(creditNoteRequestSchema.safeParse(candidate), this.profile);
  }

  private text(record: SourceRecord, field: string): string | undefined {
    const column = this.profile.columns?.[field];
    return column === undefined ? undefined : stringOf(valueAt(record, column));
  }

  /** The row's currency (upper case), else the profile's default. */
  private currency(record: SourceRecord): string | undefined {
    return this.text(record, 'currency')?.toUpperCase() ?? this.profile.defaults.currency;
  }

  private columnNote(field: string): string {
    const column = this.profile.columns?.[field];
    return column === undefined || column === field ? '' : ` (column ${column})`;
  }

  private date(record: SourceRecord, field: string, issues: string[]): string | undefined {
    const raw = this.text(record, field);
    if (raw === undefined) return undefined;
    const parsed = this.dates.parse(raw);
    if (parsed === undefined) issues.push(`${field}${this.columnNote(field)}: '${raw}' is not a real date in the format ${this.profile.dateFormat}`);
    return parsed;
  }

  private amount(record: SourceRecord, currency: string | undefined, issues: string[], field = 'amount'): number | undefined {
    const raw = this.text(record, field);
    if (raw === undefined) return undefined;
    if (this.profile.amounts === 'minor') {
      if (!/^[+-]?\d+$/.test(raw)) issues.push(`${field}${this.columnNote(field)}: '${raw}' is not a whole number of minor units`);
      return Number(raw);
    }
    if (currency === undefined || !isKnownCurrency(currency)) {
      // The currency's issue is reported by the schema; without it the decimal cannot be converted.
      if (currency === undefined) issues.push(`currency${this.columnNote('currency')}: is required (or set defaults.currency in the profile)`);
      else issues.push(`currency${this.columnNote('currency')}: '${currency}' is not a known ISO 4217 currency`);
      return undefined;
    }
    const parsed = decimalToMinorUnits(raw, minorUnitDigits(currency), { decimal: this.profile.decimalSeparator, ...(this.profile.thousandsSeparator ? { thousands: this.profile.thousandsSeparator } : {}) });
    if (!parsed.ok) {
      issues.push(`${field}${this.columnNote(field)}: ${parsed.reason}`);
      return undefined;
    }
    return parsed.minor;
  }
}

function fromSchema<T>(result: { success: true; data: T } | { success: false; error: ZodError }, profile: ImportProfile): Mapped<T> {
  if (result.success) return { ok: true, value: result.data };
  const reason = fieldIssues(result.error)
    .map((issue) => {
      const field = apiPathToField[issue.path];
      const column = field === undefined ? undefined : profile.columns?.[field];
      return `${issue.path}${column !== undefined && column !== issue.path ? ` (column ${column})` : ''}: ${issue.message}`;
    })
    .join('; ');
  return { ok: false, reason };
}

/** Blank and whitespace-only values are absent; everything else is trimmed text. */
function stringOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = (typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value)).trim();
  return text === '' ? undefined : text;
}

/** A CSV column by name, or a dotted path into a JSON object (`customer.email`). */
function valueAt(record: SourceRecord, column: string): unknown {
  if (column in record) return record[column];
  let current: unknown = record;
  for (const part of column.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
