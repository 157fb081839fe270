import { GetCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Invoice } from '../invoice.js';
import { keys, withoutKeys } from '../../kernel/index.js';
import { invoiceItemSchema } from './invoice-items.js';

/** One invoice as it is now (a consistent read), parsed with the item schema. */
export async function readInvoice(db: DynamoDBDocumentClient, tableName: string, tenantId: string, invoiceNumber: string): Promise<Invoice | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.invoice(tenantId, invoiceNumber), ConsistentRead: true }));
  return Item ? invoiceItemSchema.parse(withoutKeys(Item)) : undefined;
}

/**
 * The invoice numbers an index query names, at most `limit`, paging until it has them. Indexes are
 * eventually consistent: a caller reads the invoices themselves (readInvoice) before trusting them.
 */
export async function invoiceNumbersInIndex(
  db: DynamoDBDocumentClient,
  query: Pick<QueryCommandInput, 'TableName' | 'IndexName' | 'KeyConditionExpression' | 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues' | 'Limit'>,
  limit: number,
): Promise<string[]> {
  const numbers: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...query, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) if (typeof item['invoiceNumber'] === 'string') numbers.push(item['invoiceNumber']);
    startKey = numbers.length >= limit ? undefined : page.LastEvaluatedKey;
  } while (startKey);
  return numbers.slice(0, limit);
}
