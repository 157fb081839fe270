import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TimelineEvent } from '../timeline.js';
import { keys } from './dynamo-keys.js';

/** Whether a single-item write failed its condition (the expected outcome of a claim already taken). */
export const isConditionFailure = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

export type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** Timeline events written in a transaction beside their invoice (one item per event key). */
export function eventPuts(tableName: string, invoice: { tenantId: string; invoiceNumber: string }, events: readonly TimelineEvent[]): TransactItems {
  return events.map((event) => ({ Put: { TableName: tableName, Item: { ...keys.event(invoice.tenantId, invoice.invoiceNumber, event.key), ...event } } }));
}

/**
 * Writes the items in one transaction. Resolves undefined when it is written; when a condition
 * cancelled it, which actions' conditions failed (by position), so the caller can say why. Any other
 * failure (a conflicting transaction, throttling, an outage) throws, for the caller's retry.
 */
export async function transactWrite(db: DynamoDBDocumentClient, items: TransactItems): Promise<boolean[] | undefined> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return undefined;
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    return failed;
  }
}

/** Per action, whether its condition failed; undefined when the transaction was not cancelled by a condition. */
function failedConditions(error: unknown): boolean[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  if (!reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) return undefined;
  return reasons.map((reason) => reason.Code === 'ConditionalCheckFailed');
}

/** Puts a timeline event unless its key is stored: the same event (same key) from a retried task keeps the first. */
export async function putEventOnce(db: DynamoDBDocumentClient, tableName: string, tenantId: string, invoiceNumber: string, event: TimelineEvent): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.event(tenantId, invoiceNumber, event.key), ...event },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
