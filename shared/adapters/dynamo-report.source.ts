import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../concurrency.js';
import * as z from 'zod';
import type { Invoice } from '../invoice.js';
import type { ReportSource } from '../ports.js';
import { reportInvoiceOf } from '../reports/from-timeline.js';
import type { ReportInvoice } from '../reports/report-invoice.js';
import { invoiceItemSchema, withoutKeys } from './dynamo-items.js';
import { keys, sortKeyPrefix, tenantInvoiceKeys } from './dynamo-keys.js';
import { queryAll } from './dynamo-query.js';

/** Invoice partitions read at once: enough to hide latency, few enough not to throttle a small table. */
const CONCURRENCY = 16;

/** Events as the reports read them: any type (features add their own), only what a report needs. */
const reportEventSchema = z.object({ type: z.string(), at: z.string(), detail: z.record(z.string(), z.unknown()).optional() });

/**
 * Reads every invoice of a tenant with its timeline: the tenant's invoice list (membership items
 * written when an invoice is created), then each invoice's partition in one query (the invoice and its
 * events together). Cost grows with the tenant's invoices; see README "Reports".
 */
export class DynamoReportSource implements ReportSource {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async invoices(tenantId: string, filter: { customerId?: string } = {}): Promise<ReportInvoice[]> {
    const numbers = await this.invoiceNumbers(tenantId);
    const results = await mapWithConcurrency(numbers, CONCURRENCY, (invoiceNumber) => this.invoice(tenantId, invoiceNumber));
    return results.filter((invoice): invoice is ReportInvoice => invoice !== undefined && (filter.customerId === undefined || invoice.customerId === filter.customerId));
  }

  private async invoiceNumbers(tenantId: string): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': tenantInvoiceKeys.partition(tenantId) },
      ProjectionExpression: 'sk',
    });
    return items.map((item) => String(item['sk']).slice(tenantInvoiceKeys.sortKeyPrefix.length));
  }

  /** The invoice item and its events; undefined when the list names an invoice that was never stored. */
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
