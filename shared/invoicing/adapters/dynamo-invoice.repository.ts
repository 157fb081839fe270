import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Invoice } from '../invoice.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { eventPuts, putEventOnce, transactWrite } from '../../kernel/index.js';
import { customerIndex, keys } from '../../kernel/index.js';
import { readTimeline } from './dynamo-timeline.js';
import { invoiceNumbersInIndex, readInvoice } from './dynamo-invoice-reads.js';
import type { InvoiceRepository } from '../invoice.port.js';

/** Invoices and their timelines in the single table (layout: dynamo-keys.ts). */
export class DynamoInvoiceRepository implements InvoiceRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  get(tenantId: string, invoiceNumber: string): Promise<Invoice | undefined> {
    return readInvoice(this.db, this.tableName, tenantId, invoiceNumber);
  }

  timeline(tenantId: string, invoiceNumber: string): Promise<TimelineEvent[]> {
    return readTimeline(this.db, this.tableName, tenantId, invoiceNumber);
  }

  async appendEvent(tenantId: string, invoiceNumber: string, event: TimelineEvent): Promise<void> {
    await putEventOnce(this.db, this.tableName, tenantId, invoiceNumber, event);
  }

  async openInvoicesOf(tenantId: string, customerId: string, limit: number): Promise<Invoice[]> {
    const numbers = await invoiceNumbersInIndex(
      this.db,
      {
        TableName: this.tableName,
        IndexName: customerIndex.name,
        KeyConditionExpression: 'customerPk = :pk',
        FilterExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': customerIndex.partition(tenantId, customerId), ':open': 'open' },
      },
      limit,
    );
    // The index is eventually consistent: read each invoice as it is now.
    const invoices = await Promise.all(numbers.map((number) => this.get(tenantId, number)));
    return invoices.filter((invoice): invoice is Invoice => invoice?.status === 'open');
  }

  async closeInvoice(invoice: Invoice, status: Invoice['status'], events: TimelineEvent[]): Promise<boolean> {
    const at = events[0]?.at ?? invoice.updatedAt;
    const failed = await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(invoice.tenantId, invoice.invoiceNumber),
          UpdateExpression: 'SET #status = :status, updatedAt = :at',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':at': at, ':open': 'open' },
        },
      },
      ...eventPuts(this.tableName, invoice, events),
    ]);
    return !failed;
  }

  async nextRevision(invoice: Invoice, event: TimelineEvent): Promise<boolean> {
    const failed = await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(invoice.tenantId, invoice.invoiceNumber),
          UpdateExpression: 'SET revision = :next',
          ConditionExpression: 'revision = :current AND #status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':next': invoice.revision + 1, ':current': invoice.revision, ':open': 'open' },
        },
      },
      ...eventPuts(this.tableName, invoice, [event]),
    ]);
    return !failed;
  }

  async markFailed(tenantId: string, invoiceNumber: string, failure: NonNullable<Invoice['workflowError']>, event: TimelineEvent): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.invoice(tenantId, invoiceNumber),
        UpdateExpression: 'SET workflowError = :failure',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':failure': failure },
      }),
    ).catch((error: unknown) => {
      // A workflow for an invoice that does not exist has nothing to mark; the event log says why.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
    await putEventOnce(this.db, this.tableName, tenantId, invoiceNumber, event);
  }
}
