import { mapWithConcurrency } from '../kernel/index.js';
import type { InvoiceRepository } from '../invoicing/index.js';
import { reportInvoiceOf } from './from-timeline.js';
import { sameRow, type ReportRowStore } from './report-row.js';

export interface ReportProjectionDeps {
  invoices: Pick<InvoiceRepository, 'get' | 'timeline'>;
  rows: ReportRowStore;
}

/** An invoice whose item or timeline changed, and the position (padded stream sequence number) of the change. */
export interface ChangedInvoice {
  tenantId: string;
  invoiceNumber: string;
  position: string;
}

export type ProjectionOutcome = 'written' | 'unchanged' | 'stale' | 'missing';

/** Invoices re-read at once: a batch of stream records names up to 100. */
const CONCURRENCY = 8;

/**
 * Rebuilds the report row of each changed invoice from what is stored now (the invoice and its whole
 * timeline, read after the change), so the order and number of deliveries do not matter: a late or
 * redelivered change re-reads the same or newer state. The row is written only when its figures
 * changed (a notice claim or a reminder costs no row write), and never over a row built after a later
 * change (the store's condition on the position). Throws on the first storage failure: the stream
 * delivers the change again.
 */
export async function projectReportRows(deps: ReportProjectionDeps, changes: readonly ChangedInvoice[]): Promise<ProjectionOutcome[]> {
  return mapWithConcurrency(changes, CONCURRENCY, async ({ tenantId, invoiceNumber, position }) => {
    const [invoice, timeline, stored] = await Promise.all([deps.invoices.get(tenantId, invoiceNumber), deps.invoices.timeline(tenantId, invoiceNumber), deps.rows.get(tenantId, invoiceNumber)]);
    // Events of an invoice whose create failed (or not yet visible): its own record brings it later.
    if (!invoice) return 'missing';
    const row = reportInvoiceOf(invoice, timeline);
    if (stored && sameRow(stored.row, row)) return 'unchanged';
    return deps.rows.put(tenantId, { row, position });
  });
}
