import type { ReportRowStore } from '../../reports/index.js';
import type { OpenInvoiceList } from '../open-item-snapshots.port.js';

/**
 * The tenant's possibly open invoices from its report rows (`T#<tenant>#REPORT#<shard>`, one Query per
 * shard, about 1 MB per page: roughly 2,000-4,000 rows), the tenant-wide projection the reports read
 * already: no partition per invoice, no scan. Rows follow the table's stream, so they may lag a moment:
 * an invoice created a second ago may be absent (it is then not closed, the safe side) and one closed a
 * second ago may still look open (it is re-read before it is closed).
 */
export class ReportRowOpenInvoices implements OpenInvoiceList {
  constructor(private readonly rows: Pick<ReportRowStore, 'list'>) {}

  async openInvoiceNumbers(tenantId: string): Promise<string[]> {
    const rows = await this.rows.list(tenantId);
    return rows.filter((row) => row.closedAt === undefined && row.amount - row.payments.reduce((sum, payment) => sum + payment.amount, 0) > 0).map((row) => row.invoiceNumber);
  }
}
