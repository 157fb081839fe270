import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Invoice } from '../../invoicing/index.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { withoutKeys } from '../../kernel/index.js';
import { disputeListingItemSchema } from '../../self-service/index.js';
import type { DisputeListing } from '../../self-service/index.js';
import { eventPuts, transactWrite } from '../../kernel/index.js';
import { keys, selfServiceKeys } from '../../kernel/index.js';
import { queryAll } from '../../kernel/index.js';
import type { DisputeRepository } from '../dispute.port.js';

/** The tenant's dispute listings and their resolution (with the invoice, in one transaction). */
export class DynamoDisputeRepository implements DisputeRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async openDisputes(tenantId: string): Promise<DisputeListing[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      // Resolved disputes stay stored (a second resolve must be refused), but only open ones are listed.
      FilterExpression: 'attribute_not_exists(#status)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': selfServiceKeys.disputes(tenantId) },
      ConsistentRead: true,
    });
    return items.map((item) => disputeListingItemSchema.parse(withoutKeys(item))).sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0));
  }

  async getDispute(tenantId: string, disputeId: string): Promise<DisputeListing | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: selfServiceKeys.dispute(tenantId, disputeId), ConsistentRead: true }));
    return Item ? disputeListingItemSchema.parse(withoutKeys(Item)) : undefined;
  }

  async resolveDispute(before: Invoice, after: Pick<Invoice, 'status' | 'balance' | 'dispute' | 'updatedAt'>, events: TimelineEvent[]): Promise<'resolved' | 'already-resolved' | 'changed'> {
    const dispute = after.dispute;
    if (!dispute || !before.dispute) throw new Error('resolveDispute needs the dispute being resolved');
    const failed = await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: selfServiceKeys.dispute(before.tenantId, dispute.id),
          UpdateExpression: 'SET #status = :resolved, resolvedAt = :at, resolution = :resolution',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#status)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':resolved': 'resolved', ':at': after.updatedAt, ':resolution': dispute.resolution },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(before.tenantId, before.invoiceNumber),
          UpdateExpression: 'SET dispute = :dispute, balance = :balance, #status = :status, updatedAt = :at',
          ConditionExpression: 'dispute.id = :id AND dispute.#status = :open AND #status = :statusBefore AND balance = :balanceBefore',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':dispute': dispute,
            ':balance': after.balance,
            ':status': after.status,
            ':at': after.updatedAt,
            ':id': dispute.id,
            ':open': 'open',
            ':statusBefore': before.status,
            ':balanceBefore': before.balance,
          },
        },
      },
      ...eventPuts(this.tableName, before, events),
    ]);
    if (!failed) return 'resolved';
    // The caller reads the invoice again: a resolved dispute is then refused, another change re-planned.
    return failed[0] ? 'already-resolved' : 'changed';
  }
}
