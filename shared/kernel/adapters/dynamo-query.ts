import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { keys } from './dynamo-keys.js';

/** Every item a query matches, following DynamoDB's pages (1 MB each) to the end. */
export async function queryAll(db: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Every item of one invoice's partition whose sort key starts with `prefix` (its notices, its events), read consistently. */
export function queryInvoicePartition(db: DynamoDBDocumentClient, tableName: string, tenantId: string, invoiceNumber: string, prefix: string): Promise<Record<string, unknown>[]> {
  return queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.invoice(tenantId, invoiceNumber).pk, ':prefix': prefix },
    ConsistentRead: true,
  });
}
