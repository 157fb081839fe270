import type { ChangeSource as KernelChangeSource } from '../kernel/index.js';
import * as z from 'zod';
import { ConflictError, ValidationError, typeError, type TimelineEvent } from '../kernel/index.js';
import { invoiceContentHash, invoiceInputSchema, invoiceNumberSchema, paymentReferenceOf, type Invoice, type InvoiceInput, type InvoiceStatus } from '../invoicing/index.js';

/**
 * Where a change to an invoice came from, for the timeline and the business events: an API key (its
 * label), a person signed in, or a line of a dropped file (a dispute changes it through a credit note).
 */
export type ChangeSource = Extract<KernelChangeSource, { via: 'api' | 'user' | 'file' }>;

/** The system of record's version of an invoice: a growing integer, or the time it changed there. */
export interface SourceVersion {
  sourceVersion?: number;
  sourceUpdatedAt?: string;
}

const versionFields = {
  sourceVersion: z.number(typeError('must be a non-negative integer')).int('must be a non-negative integer').min(0, 'must be a non-negative integer').max(Number.MAX_SAFE_INTEGER, 'is too large').optional(),
  sourceUpdatedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-12-01T09:30:00Z' }).optional(),
};

/** A version on its own (a file row's version columns). */
export const sourceVersionSchema = z.object(versionFields);

/** An invoice as the system of record holds it now: the POST /invoices body plus its version. */
export const invoiceUpsertSchema = invoiceInputSchema.safeExtend(versionFields);
export type InvoiceUpsert = z.infer<typeof invoiceUpsertSchema>;

/**
 * PUT /invoices/{invoiceNumber}'s body: the body may omit `invoiceNumber` (the path names it); when it
 * gives one, it must be the path's.
 */
export function upsertBodySchema(pathNumber: string) {
  return z.preprocess(
    (body) => (body && typeof body === 'object' && !Array.isArray(body) && !('invoiceNumber' in body) ? { ...body, invoiceNumber: pathNumber } : body),
    // A check of the field itself, so it is reported together with every other bad field.
    invoiceUpsertSchema.safeExtend({ invoiceNumber: invoiceNumberSchema.refine((number) => number === pathNumber.trim(), `must be the invoice number of the path (${pathNumber}), or be left out`) }),
  );
}

/** The content and the version of an upsert, apart (the content's hash must not include the version). */
export function splitVersion<T extends SourceVersion>(input: T): { content: Omit<T, 'sourceVersion' | 'sourceUpdatedAt'>; version: SourceVersion } {
  const { sourceVersion, sourceUpdatedAt, ...content } = input;
  return { content, version: { ...(sourceVersion === undefined ? {} : { sourceVersion }), ...(sourceUpdatedAt === undefined ? {} : { sourceUpdatedAt: new Date(sourceUpdatedAt).toISOString() }) } };
}

/**
 * How an incoming version compares with the stored one: by `sourceVersion` when both carry one, else
 * by `sourceUpdatedAt` when both carry one; an unversioned change (or one versioned another way than
 * what is stored) is applied in arrival order.
 */
export function compareVersions(stored: SourceVersion, incoming: SourceVersion): 'older' | 'same' | 'newer' | 'unordered' {
  const order = (a: number | string, b: number | string) => (a < b ? 'older' : a > b ? 'newer' : 'same');
  if (stored.sourceVersion !== undefined && incoming.sourceVersion !== undefined) return order(incoming.sourceVersion, stored.sourceVersion);
  if (stored.sourceUpdatedAt !== undefined && incoming.sourceUpdatedAt !== undefined) return order(incoming.sourceUpdatedAt, stored.sourceUpdatedAt);
  return 'unordered';
}

/** Fields whose change re-plans the workflow (a new revision): what a notice shows or when it is due. */
const plannedFields = ['amount', 'dueDate', 'issueDate', 'customer', 'paymentLinkUrl', 'poNumber', 'metadata', 'policy'] as const;

export type Revision =
  | { outcome: 'stale' }
  /** `after`: the content is the same but the version moved on; it is stored, so an older one stays stale. */
  | { outcome: 'unchanged'; after?: Invoice }
  | { outcome: 'updated'; after: Invoice; events: TimelineEvent[]; replan: boolean; closed: boolean };

/**
 * The stored invoice after the system of record's version of it. Pure.
 * - An older version is `stale`: nothing changes. The same version with other content is refused
 *   (`source_version_reused`): a version names one content.
 * - The same content is `unchanged` (a newer version is still recorded).
 * - Otherwise `updated`: the balance moves with the amount (what was paid, credited or settled stays
 *   paid); an amount lowered to what was already paid closes the invoice as paid. An open invoice is
 *   re-planned on a new revision (so the notices already sent are not repeated and the next one shows
 *   the new figures); one that is no longer open keeps its status and balance: a correction never
 *   reopens it. The currency cannot change (what was paid is in the old one): void and issue anew.
 */
export function reviseInvoice(before: Invoice, content: InvoiceInput, version: SourceVersion, source: ChangeSource, now: Date): Revision {
  const order = compareVersions(before, version);
  if (order === 'older') return { outcome: 'stale' };
  const contentHash = invoiceContentHash(content);
  if (order === 'same' && contentHash !== before.contentHash) {
    throw new ConflictError('source_version_reused', `Invoice ${before.invoiceNumber} is stored at this version with other content; a new content needs a newer sourceVersion or sourceUpdatedAt`);
  }
  const at = now.toISOString();
  const versioned = { ...before, ...version, updatedAt: at };
  if (contentHash === before.contentHash) {
    return order === 'newer' ? { outcome: 'unchanged', after: versioned } : { outcome: 'unchanged' };
  }
  if (content.currency !== before.currency) {
    throw new ValidationError(`Invoice ${before.invoiceNumber} is in ${before.currency}; its currency cannot change`, [{ path: 'currency', message: `must stay ${before.currency}; void the invoice and issue a new one in another currency` }]);
  }
  // The reference is printed on the notices already sent and the bank quotes it: it stays what it was.
  if (content.paymentReference !== undefined && content.paymentReference !== paymentReferenceOf(before)) {
    throw new ValidationError(`Invoice ${before.invoiceNumber} carries payment reference ${paymentReferenceOf(before)}; it cannot change`, [{ path: 'paymentReference', message: `must stay ${paymentReferenceOf(before)} (notices quote it); void the invoice and issue a new one to change it` }]);
  }
  const open = before.status === 'open';
  const settled = before.amount - before.balance;
  const owed = content.amount - settled;
  const closesAsPaid = open && owed <= 0;
  const status: InvoiceStatus = closesAsPaid ? 'paid' : before.status;
  const balance = open ? Math.max(0, owed) : before.balance;
  const changed = plannedFields.filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(content[field] ?? null));
  const replan = open && !closesAsPaid && before.escalation?.status !== 'pending' && !before.workflowError;
  const { policy: _policy, poNumber: _po, paymentLinkUrl: _link, metadata: _metadata, ...kept } = versioned;
  const after: Invoice = {
    ...kept,
    ...content,
    contentHash,
    status,
    balance,
    revision: replan ? before.revision + 1 : before.revision,
    created: before.created ?? { amount: before.amount, currency: before.currency, dueDate: before.dueDate },
  };
  const detail = {
    changed,
    ...Object.fromEntries(changed.map((field) => [field, { from: before[field] ?? null, to: content[field] ?? null }])),
    amountBefore: before.amount,
    amount: content.amount,
    balanceBefore: before.balance,
    balance,
    currency: before.currency,
    customerId: content.customer.id,
    ...version,
    source,
    ...(replan ? { revision: after.revision } : {}),
    ...(closesAsPaid && owed < 0 ? { overpaid: -owed } : {}),
  };
  const events: TimelineEvent[] = [{ type: 'invoice.updated', at, key: `invoice.updated:${contentHash.slice(0, 16)}:${at}`, detail }];
  if (replan) events.push({ type: 'workflow.started', at, key: `workflow.started:r${after.revision}`, detail: { reason: `corrected by the system of record: ${changed.join(', ') || 'content'}`, revision: after.revision } });
  if (closesAsPaid) events.push({ type: 'status.changed', at, key: `status.changed:paid:${contentHash.slice(0, 16)}`, detail: { from: before.status, to: 'paid', reason: 'the amount was lowered to what was already paid', source } });
  return { outcome: 'updated', after, events, replan, closed: closesAsPaid };
}
