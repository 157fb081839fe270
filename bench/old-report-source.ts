import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { withoutKeys } from '../shared/kernel/index.js';
import { invoiceItemSchema } from '../shared/invoicing/index.js';
import { keys, sortKeyPrefix } from '../shared/kernel/index.js';
import { queryAll } from '../shared/kernel/index.js';
import { mapWithConcurrency } from '../shared/kernel/index.js';
import type { Invoice } from '../shared/invoicing/index.js';
import { reportInvoiceOf } from '../shared/reports/index.js';
import type { ReportInvoice } from '../shared/reports/index.js';

/**
 * The report source before report rows (removed from shared/adapters), kept only so bench/reports.ts
 * can print before/after on the same data: the tenant's invoice list (one item per invoice under
 * `T#<tenant>#INVOICES`, which nothing writes any more), then every invoice's partition with its timeline.
 */
export const oldTenantInvoiceKeys = {
  item: (tenantId: string, invoiceNumber: string) => ({ pk: `T#${tenantId}#INVOICES`, sk: `INV#${invoiceNumber}` }),
  partition: (tenantId: string) => `T#${tenantId}#INVOICES`,
  sortKeyPrefix: 'INV#',
};

const CONCURRENCY = 16;
const reportEventSchema = z.object({ type: z.string(), at: z.string(), detail: z.record(z.string(), z.unknown()).optional() });

export class OldReportSource {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async invoices(tenantId: string): Promise<ReportInvoice[]> {
    const listed = await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': oldTenantInvoiceKeys.partition(tenantId) }, ProjectionExpression: 'sk' });
    const numbers = listed.map((item) => String(item['sk']).slice(oldTenantInvoiceKeys.sortKeyPrefix.length));
    const results = await mapWithConcurrency(numbers, CONCURRENCY, (invoiceNumber) => this.invoice(tenantId, invoiceNumber));
    return results.filter((invoice): invoice is ReportInvoice => invoice !== undefined);
  }

  private async invoice(tenantId: string, invoiceNumber: string): Promise<ReportInvoice | undefined> {
    const { pk, sk } = keys.invoice(tenantId, invoiceNumber);
    let invoice: Invoice | undefined;
    const events: z.infer<typeof reportEventSchema>[] = [];
    for (const item of await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true })) {
      const itemSk = String(item['sk']);
      if (itemSk === sk) invoice = invoiceItemSchema.parse(withoutKeys(item)) as Invoice;
      else if (itemSk.startsWith(sortKeyPrefix.event)) events.push(reportEventSchema.parse(withoutKeys(item)));
    }
    return invoice ? reportInvoiceOf(invoice, events) : undefined;
  }
}
