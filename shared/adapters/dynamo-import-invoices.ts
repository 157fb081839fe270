import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ImportInvoiceBatch } from '../import/import-ports.js';
import type { Invoice } from '../invoice.js';
import type { TimelineEvent } from '../timeline.js';
import { invoiceItemSchema, withoutKeys } from './dynamo-items.js';
import { customerIndex, keys, tenantInvoiceKeys } from './dynamo-keys.js';

const MAX_ATTEMPTS = 8;

/**
 * The import's batched invoice writes. Items and conditions are the invoice repository's
 * (createIfAbsent: the invoice only if its number is unused, plus its `invoice.created` event), so an
 * invoice imported here reads the same as one posted to the API; test/integration/import-files.test.ts
 * compares the two.
 */
export class DynamoImportInvoices implements ImportInvoiceBatch {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getMany(tenantId: string, invoiceNumbers: readonly string[]): Promise<Map<string, Invoice>> {
    const found = new Map<string, Invoice>();
    let pending: Record<string, unknown>[] = [...new Set(invoiceNumbers)].map((number) => keys.invoice(tenantId, number));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${MAX_ATTEMPTS} attempts`);
      const { Responses, UnprocessedKeys } = await this.db.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }));
      for (const item of Responses?.[this.tableName] ?? []) {
        const invoice = invoiceItemSchema.parse(withoutKeys(item)) as Invoice;
        found.set(invoice.invoiceNumber, invoice);
      }
      pending = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      if (pending.length > 0) await backOff(attempt);
    }
    return found;
  }

  async createAll(entries: readonly { invoice: Invoice; event: TimelineEvent }[]): Promise<boolean> {
    if (entries.length === 0) return true;
    // The tenant's invoice list (for reports) first, so no imported invoice is missing from it; an entry
    // whose invoice the transaction then does not write is skipped by readers.
    await this.putItems(entries.map(({ invoice }) => tenantInvoiceKeys.item(invoice.tenantId, invoice.invoiceNumber)));
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: entries.flatMap(({ invoice, event }) => [
            { Put: { TableName: this.tableName, Item: { ...keys.invoice(invoice.tenantId, invoice.invoiceNumber), ...customerIndex.attributes(invoice), ...invoice }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.tableName, Item: { ...keys.event(invoice.tenantId, invoice.invoiceNumber, event.key), ...event }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ]),
        }),
      );
      return true;
    } catch (error) {
      // Someone stored one of these numbers since getMany (the API, another import): nothing was written.
      if (error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed')) return false;
      throw error;
    }
  }

  async putNewEvents(tenantId: string, events: readonly { invoiceNumber: string; event: TimelineEvent }[]): Promise<void> {
    await this.putItems(events.map(({ invoiceNumber, event }) => ({ ...keys.event(tenantId, invoiceNumber, event.key), ...event })));
  }

  /** BatchWriteItem in pages of 25, retrying what DynamoDB leaves unprocessed. */
  private async putItems(items: readonly Record<string, unknown>[]): Promise<void> {
    for (let start = 0; start < items.length; start += 25) {
      let requests: Record<string, unknown>[] = items.slice(start, start + 25).map((item) => ({ PutRequest: { Item: item } }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        if (attempt > MAX_ATTEMPTS) throw new Error(`BatchWriteItem left ${requests.length} items unprocessed after ${MAX_ATTEMPTS} attempts`);
        const { UnprocessedItems } = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests as never } }));
        requests = (UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
        if (requests.length > 0) await backOff(attempt);
      }
    }
  }
}

/** Unprocessed keys/items mean throttling: wait 50 ms, 100 ms, 200 ms ... (capped at 2 s), with jitter. */
function backOff(attempt: number): Promise<void> {
  const ms = Math.min(2000, 50 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
