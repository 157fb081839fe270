import type { ReportInvoice } from './report-invoice.js';

/** What the reports read: every invoice of a tenant (or of one of its customers) with its payments, disputes and closing. */
export interface ReportSource {
  invoices(tenantId: string, filter?: { customerId?: string }): Promise<ReportInvoice[]>;
}
