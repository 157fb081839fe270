import { BatchWriteCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../shared/adapters/dynamo-keys.js';
import { mapWithConcurrency } from '../shared/concurrency.js';

/**
 * The floor to compare the import with: invoice-sized items written with BatchWriteItem (25 per call,
 * 16 calls in flight, unprocessed items retried) into the same table, no conditions, no workflows.
 */
export async function rawBatchWrite(db: DynamoDBDocumentClient, tableName: string, rows: number, prefix: string): Promise<number> {
  const started = performance.now();
  await batchPut(db, tableName, Array.from({ length: rows }, (_, i) => item(prefix, i)));
  return performance.now() - started;
}

/** BatchWriteItem pages of 25 puts, 16 pages in flight, each page's unprocessed items sent again until none are left. */
export async function batchPut(db: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]): Promise<void> {
  const pages: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) pages.push(items.slice(i, i + 25));
  await mapWithConcurrency(pages, 16, async (page) => {
    let requests = page.map((entry) => ({ PutRequest: { Item: entry } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  });
}

function item(prefix: string, i: number): Record<string, unknown> {
  const number = `${prefix}-${String(i).padStart(7, '0')}`;
  return {
    ...keys.invoice('bench-raw', number),
    tenantId: 'bench-raw',
    invoiceNumber: number,
    customer: { id: `C-${i % 997}`, name: `Customer C-${i % 997}`, email: `ap+c-${i % 997}@example.invalid` },
    issueDate: '2027-01-01',
    dueDate: '2027-03-01',
    currency: 'EUR',
    amount: 10000 + i,
    balance: 10000 + i,
    // Not 'open': the stream's workflow starter would start a workflow for each floor item.
    status: 'paid',
    revision: 1,
    contentHash: 'x'.repeat(64),
    createdAt: '2027-01-01T00:00:00.000Z',
    metadata: {},
  };
}

/**
 * The floor of the API's own write pattern, with none of its logic: per invoice the two index entries (customer, policy)
 * by BatchWriteItem (16 calls in flight), then the invoice and its `invoice.created` event in
 * TransactWriteItems of 100 actions (conditional on the number being unused, as the API's are), one
 * after another. What the API adds on top is reading, validating, resolving policies and HTTP.
 */
export async function rawSameItemsWrite(db: DynamoDBDocumentClient, tableName: string, rows: number, prefix: string): Promise<number> {
  const started = performance.now();
  const numbers = Array.from({ length: rows }, (_, i) => i);
  const indexItems = numbers.flatMap((i) => {
    const number = `${prefix}-${String(i).padStart(7, '0')}`;
    return [
      { ...keys.customerInvoice('bench-raw', `C-${i % 997}`, number), invoiceNumber: number },
      { ...keys.policyMember('bench-raw', 'default', number), invoiceNumber: number },
    ];
  });
  await batchPut(db, tableName, indexItems);
  for (let i = 0; i < rows; i += 50) {
    const TransactItems = numbers.slice(i, i + 50).flatMap((n) => {
      const invoice = item(prefix, n);
      return [
        { Put: { TableName: tableName, Item: invoice, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: tableName, Item: { ...keys.event('bench-raw', String(invoice['invoiceNumber']), 'invoice.created'), type: 'invoice.created', at: '2027-01-01T00:00:00.000Z', key: 'invoice.created' } } },
      ];
    });
    await db.send(new TransactWriteCommand({ TransactItems }));
  }
  return performance.now() - started;
}
