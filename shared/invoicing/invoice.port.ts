import type { Invoice } from './invoice.js';
import type { TimelineEvent } from '../kernel/index.js';

/**
 * Storage of invoices and their timeline; the adapter owns the key layout. The invoice's other
 * aggregates have ports of their own (notice-ledger-port.ts, payment-port.ts, customer-link-port.ts,
 * dispute-port.ts, payment-plan-port.ts, escalation-port.ts, link-key-port.ts); they share the table.
 */
export interface InvoiceRepository {
  // New invoices are stored through the InvoiceBatchStore (createAll): with their events, conditionally, in one write.
  get(tenantId: string, invoiceNumber: string): Promise<Invoice | undefined>;
  timeline(tenantId: string, invoiceNumber: string): Promise<TimelineEvent[]>;
  appendEvent(tenantId: string, invoiceNumber: string, event: TimelineEvent): Promise<void>;
  /**
   * A customer's open invoices, read consistently, oldest due date first (at most `limit`). The index
   * behind it is eventually consistent: an invoice created a moment ago may be missing.
   */
  openInvoicesOf(tenantId: string, customerId: string, limit: number): Promise<Invoice[]>;
  /** Ends collection with a final action (write-off, agency) while the invoice is still open. */
  closeInvoice(invoice: Invoice, status: Invoice['status'], events: TimelineEvent[]): Promise<boolean>;
  /**
   * Moves an open invoice to its next workflow revision (a new execution name), provided it is still
   * at `invoice.revision`; false when another writer moved it or it is no longer open.
   */
  nextRevision(invoice: Invoice, event: TimelineEvent): Promise<boolean>;
  markFailed(tenantId: string, invoiceNumber: string, failure: NonNullable<Invoice['workflowError']>, event: TimelineEvent): Promise<void>;
}
