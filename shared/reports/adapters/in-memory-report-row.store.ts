import type { ReportInvoice } from '../report-invoice.js';
import type { ReportRowStore, StoredReportRow } from '../report-row.js';
import { copyPlain } from '../../kernel/index.js';

/** Report rows in process memory, with the DynamoDB store's conditions (test/contract/report-rows.test.ts runs both). */
export class InMemoryReportRowStore implements ReportRowStore {
  private readonly rows = new Map<string, Map<string, StoredReportRow>>();

  async get(tenantId: string, invoiceNumber: string): Promise<StoredReportRow | undefined> {
    const stored = this.rows.get(tenantId)?.get(invoiceNumber);
    return stored ? copyPlain(stored) : undefined;
  }

  async put(tenantId: string, stored: StoredReportRow): Promise<'written' | 'stale'> {
    let tenant = this.rows.get(tenantId);
    if (!tenant) this.rows.set(tenantId, (tenant = new Map()));
    const existing = tenant.get(stored.row.invoiceNumber);
    if (existing && existing.position > stored.position) return 'stale';
    tenant.set(stored.row.invoiceNumber, copyPlain(stored));
    return 'written';
  }

  async list(tenantId: string, filter: { customerId?: string } = {}): Promise<ReportInvoice[]> {
    const rows = [...(this.rows.get(tenantId)?.values() ?? [])].map((stored) => stored.row);
    return copyPlain(filter.customerId === undefined ? rows : rows.filter((row) => row.customerId === filter.customerId));
  }
}
