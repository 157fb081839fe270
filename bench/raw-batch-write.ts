import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../shared/adapters/dynamo-keys.js';
import { mapWithConcurrency } from '../shared/concurrency.js';

/**
 * The floor to compare the import with: invoice-sized items written with BatchWriteItem (25 per call,
 * 16 calls in flight, unprocessed items retried) into the same table, no conditions, no workflows.
 */
export async function rawBatchWrite(db: DynamoDBDocumentClient, tableName: string, rows: number, prefix: string): Promise<number> {
  const started = performance.now();
  const batches: number[][] = [];
  for (let i = 0; i < rows; i += 25) batches.push(Array.from({ length: Math.min(25, rows - i) }, (_, k) => i + k));
  await mapWithConcurrency(batches, 16, async (batch) => {
    let requests = batch.map((i) => ({ PutRequest: { Item: item(prefix, i) } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  });
  return performance.now() - started;
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
    status: 'open',
    revision: 1,
    contentHash: 'x'.repeat(64),
    createdAt: '2027-01-01T00:00:00.000Z',
    metadata: {},
  };
}
