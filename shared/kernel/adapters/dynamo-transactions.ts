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

/** An invoice's balance change within a transaction: what it was read as, what it becomes, the events that record it. */
interface BalanceChange {
  before: { tenantId: string; invoiceNumber: string; balance: number; status: string };
  after: { balance: number; status: string; updatedAt: string };
  events: readonly TimelineEvent[];
}

/**
 * Stores a document that moves money (a payment, a credit note) with the invoice balances it changes,
 * all or nothing. Without `previous` it is new: written only once ('duplicate' when `key` is stored).
 * With `previous` it is a further allocation: written only from the unapplied amount that was read.
 * Its copy at `unappliedKey` is kept exactly while some of it is unapplied. Each invoice changes only
 * from the balance and status it was read with: a payment, a void or another note that committed
 * first makes the whole 'stale'.
 */
export async function applyMoneyDocument(
  db: DynamoDBDocumentClient,
  tableName: string,
  document: { key: Record<string, string>; unappliedKey: Record<string, string>; item: object & { unappliedAmount: number } },
  changes: readonly BalanceChange[],
  previous?: { unappliedAmount: number },
): Promise<'applied' | 'duplicate' | 'stale'> {
  const { key, unappliedKey, item } = document;
  const failed = await transactWrite(db, [
    {
      Put: {
        TableName: tableName,
        Item: { ...key, ...item },
        ...(previous
          ? { ConditionExpression: 'unappliedAmount = :unapplied', ExpressionAttributeValues: { ':unapplied': previous.unappliedAmount } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    },
    item.unappliedAmount > 0 ? { Put: { TableName: tableName, Item: { ...unappliedKey, ...item } } } : { Delete: { TableName: tableName, Key: unappliedKey } },
    ...changes.flatMap(({ before, after, events }) => [
      {
        Update: {
          TableName: tableName,
          Key: keys.invoice(before.tenantId, before.invoiceNumber),
          UpdateExpression: 'SET balance = :balance, #status = :status, updatedAt = :updatedAt',
          ConditionExpression: 'balance = :balanceBefore AND #status = :statusBefore',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':balance': after.balance, ':status': after.status, ':updatedAt': after.updatedAt, ':balanceBefore': before.balance, ':statusBefore': before.status },
        },
      },
      ...eventPuts(tableName, before, events),
    ]),
  ]);
  if (!failed) return 'applied';
  return failed[0] && !previous ? 'duplicate' : 'stale';
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
