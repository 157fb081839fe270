import type { Invoice } from '../invoicing/index.js';

/**
 * The invoices a bank transaction may name. `byPaymentReference` is the invoicing module's lookup of an
 * invoice's `paymentReference` (issue 15, part A); this module only needs these three questions.
 */
export interface InvoiceLookup {
  byPaymentReference(tenantId: string, reference: string): Promise<Invoice | undefined>;
  byNumber(tenantId: string, invoiceNumber: string): Promise<Invoice | undefined>;
  openInvoicesOf(tenantId: string, customerId: string, limit: number): Promise<Invoice[]>;
}
