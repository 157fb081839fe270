import { isDeepStrictEqual } from 'node:util';
import * as z from 'zod';
import type { ReportInvoice } from './report-invoice.js';

/**
 * A report row: one invoice as the reports read it (a ReportInvoice), stored on its own so that a
 * report is a paged query over rows instead of a read of every invoice's partition and timeline. The
 * report-projection function builds it from the invoice and its timeline (from-timeline.ts) whenever
 * either changes; reports are then behind the table's stream by its lag.
 */
export const reportRowSchema = z.object({
  invoiceNumber: z.string(),
  customerId: z.string(),
  currency: z.string(),
  amount: z.number(),
  issueDate: z.string(),
  dueDate: z.string(),
  payments: z.array(z.object({ date: z.string(), amount: z.number() })),
  disputedAt: z.string().optional(),
  closedAt: z.string().optional(),
  promises: z.array(z.object({ madeAt: z.string(), date: z.string() })).optional(),
  pendingEscalation: z
    .object({ escalationId: z.string(), escalatedAt: z.string(), expiresAt: z.string(), approvers: z.array(z.string()), balance: z.number() })
    .optional(),
}) satisfies z.ZodType<ReportInvoice>;

/**
 * A stored row and the position of the change it was built after (the stream record's sequence
 * number, zero-padded so that positions compare as strings): a row is replaced only by one built
 * after the same or a later change, so a redelivered or late record never writes older figures.
 */
export interface StoredReportRow {
  row: ReportInvoice;
  position: string;
}

/** Where report rows live; the adapter owns the key layout (sharded by invoice number, reachable per customer). */
export interface ReportRowStore {
  get(tenantId: string, invoiceNumber: string): Promise<StoredReportRow | undefined>;
  /** Writes the row unless a row built after a later change is stored ('stale'). */
  put(tenantId: string, stored: StoredReportRow): Promise<'written' | 'stale'>;
  /** Every row of the tenant, or of one of its customers, in no particular order. */
  list(tenantId: string, filter?: { customerId?: string }): Promise<ReportInvoice[]>;
}

/** Sequence numbers are decimal strings of up to 40 digits: padded, they order as strings. */
export function streamPosition(sequenceNumber: string): string {
  return sequenceNumber.padStart(40, '0');
}

/** Whether two rows give the same figures (a notice claim or a reminder changes the invoice partition, not the row). */
export function sameRow(a: ReportInvoice, b: ReportInvoice): boolean {
  return isDeepStrictEqual(a, b);
}
