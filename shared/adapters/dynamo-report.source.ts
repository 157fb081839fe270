import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Invoice } from '../invoice.js';
import type { ReportSource } from '../ports.js';
import { reportInvoiceOf } from '../reports/from-timeline.js';
import type { ReportInvoice } from '../reports/report-invoice.js';
import { invoiceItemSchema, withoutKeys } from './dynamo-items.js';
import { keys, sortKeyPrefix, tenantInvoiceKeys } from './dynamo-keys.js';

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
    const results: (ReportInvoice | undefined)[] = new Array(numbers.length);
    let next = 0;
    const worker = async () => {
      while (next < numbers.length) {
        const index = next++;
        results[index] = await this.invoice(tenantId, numbers[index]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, numbers.length) }, worker));
    return results.filter((invoice): invoice is ReportInvoice => invoice !== undefined && (filter.customerId === undefined || invoice.customerId === filter.customerId));
  }

  private async invoiceNumbers(tenantId: string): Promise<string[]> {
    const numbers: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': tenantInvoiceKeys.partition(tenantId) },
          ProjectionExpression: 'sk',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) numbers.push(String(item['sk']).slice(tenantInvoiceKeys.sortKeyPrefix.length));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return numbers;
  }

  /** The invoice item and its events; undefined when the list names an invoice that was never stored. */
  private async invoice(tenantId: string, invoiceNumber: string): Promise<ReportInvoice | undefined> {
    const { pk, sk } = keys.invoice(tenantId, invoiceNumber);
    let invoice: Invoice | undefined;
    const events: z.infer<typeof reportEventSchema>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ExclusiveStartKey: startKey, ConsistentRead: true }),
      );
      for (const item of page.Items ?? []) {
        const itemSk = String(item['sk']);
        if (itemSk === sk) invoice = invoiceItemSchema.parse(withoutKeys(item)) as Invoice;
        else if (itemSk.startsWith(sortKeyPrefix.event)) events.push(reportEventSchema.parse(withoutKeys(item)));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return invoice ? reportInvoiceOf(invoice, events) : undefined;
  }
}
