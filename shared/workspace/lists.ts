import * as z from 'zod';
import { calendarDateSchema } from '../kernel/index.js';
import { invoiceStatuses } from '../invoicing/index.js';

/** Every list's page size: 25 unless asked, at most 100. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number('must be a whole number').int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(25),
  cursor: z.string().max(2048, 'is not a cursor this API gave').optional(),
});

const booleanQuery = z.enum(['true', 'false'], 'must be true or false').transform((value) => value === 'true');

/** GET /invoices?status=&customerId=&owner=&segment=&overdue=&q=&sort=&limit=&cursor= */
export const invoiceListRequestSchema = pageQuerySchema.extend({
  status: z.enum(invoiceStatuses, `must be one of ${invoiceStatuses.join(', ')}`).optional(),
  customerId: z.string().trim().min(1).max(100).optional(),
  /** An account owner's email; `mine` is the caller (docs/workspace.md). */
  owner: z.union([z.literal('mine'), z.email('must be an email address or mine').max(254).transform((email) => email.toLowerCase())]).optional(),
  segment: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be a segment: 1-32 lowercase letters, digits or hyphens').optional(),
  overdue: booleanQuery.optional(),
  /** Part of the invoice number, the customer's name or email (case-insensitive). */
  q: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').transform((q) => q.toLowerCase()).optional(),
  sort: z.enum(['dueDate', '-dueDate'], 'must be dueDate or -dueDate').default('dueDate'),
});
export type InvoiceListRequest = z.output<typeof invoiceListRequestSchema>;

export const invoiceListItemSchema = z.object({
  invoiceNumber: z.string(),
  customer: z.object({ id: z.string(), name: z.string(), email: z.string(), accountOwner: z.string().optional() }),
  status: z.string(),
  amount: z.number(),
  balance: z.number(),
  currency: z.string(),
  dueDate: calendarDateSchema,
  extendedDueDate: calendarDateSchema.optional(),
  pausedUntil: z.string().optional(),
  promisedFor: calendarDateSchema.optional(),
  disputed: z.boolean(),
});
export type InvoiceListItem = z.output<typeof invoiceListItemSchema>;

export const invoiceListResponseSchema = z.object({ items: z.array(invoiceListItemSchema), nextCursor: z.string().nullable() });

/** GET /customers?q=&owner=&limit=&cursor= */
export const customerListRequestSchema = pageQuerySchema.extend({
  q: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').transform((q) => q.toLowerCase()).optional(),
  owner: z.union([z.literal('mine'), z.email('must be an email address or mine').max(254).transform((email) => email.toLowerCase())]).optional(),
});
export type CustomerListRequest = z.output<typeof customerListRequestSchema>;

export const customerListItemSchema = z.object({ customerId: z.string(), name: z.string(), email: z.string(), accountOwner: z.string().optional() });
export type CustomerListItem = z.output<typeof customerListItemSchema>;

export const customerListResponseSchema = z.object({ items: z.array(customerListItemSchema), nextCursor: z.string().nullable() });

/** The filters of a list as the store applies them (`owner` resolved, `today` for `overdue`). */
export type InvoiceListFilter = Omit<InvoiceListRequest, 'limit' | 'cursor' | 'owner' | 'segment'> & { owner?: string; today: string };

/** A page read by position: the store's half of paging (cursors are made from positions in list-pages.ts). */
export interface Page<T> {
  items: T[];
  /** The position after which the next page starts; absent on the last page. */
  next?: string;
}

/** Invoices as the workspace lists them: one query per shard of an index, never a scan. */
export interface InvoiceListStore {
  page(tenantId: string, filter: InvoiceListFilter, after: string | undefined, limit: number): Promise<Page<InvoiceListItem>>;
}

/** The customers a tenant invoiced (name, email, owner), by id. */
export interface CustomerDirectory {
  page(tenantId: string, filter: { q?: string; owner?: string }, after: string | undefined, limit: number): Promise<Page<CustomerListItem>>;
}
