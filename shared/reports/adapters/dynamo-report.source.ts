import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReportSource } from '../report-source.port.js';
import type { ReportInvoice } from '../report-invoice.js';
import { DynamoReportRowStore } from './dynamo-report-row.store.js';

/**
 * What the reports read: the tenant's report rows (one per invoice, kept current from the table's
 * stream by functions/project-reports), by a query per row shard, or one customer's rows by its index.
 * Cost grows with the rows read, never with the invoices' timelines; see README "Reports".
 */
export class DynamoReportSource implements ReportSource {
  private readonly rows: DynamoReportRowStore;

  constructor(db: DynamoDBDocumentClient, tableName: string) {
    this.rows = new DynamoReportRowStore(db, tableName);
  }

  invoices(tenantId: string, filter: { customerId?: string } = {}): Promise<ReportInvoice[]> {
    return this.rows.list(tenantId, filter);
  }
}
