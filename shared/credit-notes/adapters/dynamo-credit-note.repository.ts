import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { applyMoneyDocument, creditNoteKeys, queryAll, withoutKeys } from '../../kernel/index.js';
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

  apply(note: CreditNote, changes: readonly CreditChange[], previous?: CreditNote): Promise<'applied' | 'duplicate' | 'stale'> {
    const { tenantId, creditNoteNumber } = note;
    return applyMoneyDocument(this.db, this.tableName, { key: creditNoteKeys.note(tenantId, creditNoteNumber), unappliedKey: creditNoteKeys.unapplied(tenantId, note.recordedAt, creditNoteNumber), item: note }, changes, previous);
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
