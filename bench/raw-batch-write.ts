import { BatchWriteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerIndex, keys, policyIndex } from '../shared/kernel/index.js';
import { mapWithConcurrency } from '../shared/kernel/index.js';

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
 * The floor of the API's own write pattern, with none of its logic: per invoice the invoice item with its `byCustomer` and `byPolicy`
 * index keys by a conditional PutItem (its number unused; 16 in flight), as the API writes an invoice
 * with no other creation event. What the API adds on top is reading, validating, resolving policies and HTTP.
 */
export async function rawSameItemsWrite(db: DynamoDBDocumentClient, tableName: string, rows: number, prefix: string): Promise<number> {
  const started = performance.now();
  const numbers = Array.from({ length: rows }, (_, i) => i);
  await mapWithConcurrency(numbers, 16, async (i) => {
    const invoice = item(prefix, i);
    const number = String(invoice['invoiceNumber']);
    const indexKeys = { ...customerIndex.attributes({ tenantId: 'bench-raw', invoiceNumber: number, dueDate: '2027-03-01', issueDate: '2027-01-01', customer: { id: `C-${i % 997}` } }), ...policyIndex.attributes('bench-raw', 'default', number) };
    await db.send(new PutCommand({ TableName: tableName, Item: { ...invoice, ...indexKeys }, ConditionExpression: 'attribute_not_exists(pk)' }));
  });
  return performance.now() - started;
}
