import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { creditNoteKeys, eventPuts, keys, queryAll, transactWrite, withoutKeys } from '../../kernel/index.js';
import type { CreditChange, CreditNote } from '../credit-note.js';
import type { CreditNoteRepository } from '../credit-note.port.js';
import { creditNoteItemSchema } from './credit-note-items.js';

/** Credit notes, their customer-credit entries and the invoice balances they lower, in one transaction each. */
export class DynamoCreditNoteRepository implements CreditNoteRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, creditNoteNumber: string): Promise<CreditNote | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: creditNoteKeys.note(tenantId, creditNoteNumber), ConsistentRead: true }));
    return Item ? creditNoteItemSchema.parse(withoutKeys(Item)) : undefined;
  }

  async apply(note: CreditNote, changes: readonly CreditChange[], previous?: CreditNote): Promise<'applied' | 'duplicate' | 'stale'> {
    const { tenantId } = note;
    const unappliedEntry = creditNoteKeys.unapplied(tenantId, note.recordedAt, note.creditNoteNumber);
    const failed = await transactWrite(this.db, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...creditNoteKeys.note(tenantId, note.creditNoteNumber), ...note },
          // New: only once. Further allocation: only from the unapplied amount that was read.
          ...(previous
            ? { ConditionExpression: 'unappliedAmount = :unapplied', ExpressionAttributeValues: { ':unapplied': previous.unappliedAmount } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      note.unappliedAmount > 0 ? { Put: { TableName: this.tableName, Item: { ...unappliedEntry, ...note } } } : { Delete: { TableName: this.tableName, Key: unappliedEntry } },
      ...changes.flatMap(({ before, after, events }) => [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.invoice(before.tenantId, before.invoiceNumber),
            UpdateExpression: 'SET balance = :balance, #status = :status, updatedAt = :updatedAt',
            // The balance and status read: a payment, a void or another note that committed first makes this stale.
            ConditionExpression: 'balance = :balanceBefore AND #status = :statusBefore',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':balance': after.balance, ':status': after.status, ':updatedAt': after.updatedAt, ':balanceBefore': before.balance, ':statusBefore': before.status },
          },
        },
        ...eventPuts(this.tableName, before, events),
      ]),
    ]);
    if (!failed) return 'applied';
    return failed[0] && !previous ? 'duplicate' : 'stale';
  }

  async unapplied(tenantId: string): Promise<CreditNote[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': creditNoteKeys.unappliedPartition(tenantId) },
      ConsistentRead: true,
    });
    return items.map((item) => creditNoteItemSchema.parse(withoutKeys(item)));
  }
}
