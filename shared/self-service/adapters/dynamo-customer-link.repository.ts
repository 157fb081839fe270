import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Invoice } from '../../invoicing/index.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { withoutKeys } from '../../kernel/index.js';
import { customerLinkItemSchema } from './self-service-items.js';
import type { CustomerAction, CustomerLink } from '../self-service.js';
import { eventPuts, transactWrite } from '../../kernel/index.js';
import { keys, selfServiceKeys } from '../../kernel/index.js';
import type { CustomerLinkRepository } from '../customer-link.port.js';

/** Self-service links and the requests made through them (with the invoice and the dispute listing). */
export class DynamoCustomerLinkRepository implements CustomerLinkRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putCustomerLink(link: CustomerLink): Promise<void> {
    // An empty `used` map, so that recording a use can SET used.<action> (DynamoDB cannot set into a missing map).
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...selfServiceKeys.customerLink(link.linkId), ...link, used: link.used ?? {} }, ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async getCustomerLink(linkId: string): Promise<CustomerLink | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: selfServiceKeys.customerLink(linkId), ConsistentRead: true }));
    return Item ? customerLinkItemSchema.parse(withoutKeys(Item)) : undefined;
  }

  async recordCustomerRequest(
    before: Invoice,
    after: Pick<Invoice, 'pausedUntil' | 'dispute' | 'promise' | 'updatedAt'>,
    link: CustomerLink | undefined,
    action: CustomerAction,
    events: TimelineEvent[],
  ): Promise<'recorded' | 'already-used' | 'changed'> {
    const set = ['updatedAt = :updatedAt'];
    const remove: string[] = [];
    const values: Record<string, unknown> = { ':updatedAt': after.updatedAt, ':before': before.updatedAt, ':open': 'open' };
    for (const field of ['pausedUntil', 'dispute', 'promise'] as const) {
      if (after[field] === undefined) remove.push(field);
      else {
        set.push(`${field} = :${field}`);
        values[`:${field}`] = after[field];
      }
    }
    const opened = after.dispute && after.dispute.id !== before.dispute?.id ? after.dispute : undefined;
    const failed = await transactWrite(this.db, [
      ...(link
        ? [
            {
              Update: {
                TableName: this.tableName,
                Key: selfServiceKeys.customerLink(link.linkId),
                UpdateExpression: 'SET used.#action = :at',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(used.#action)',
                ExpressionAttributeNames: { '#action': action },
                ExpressionAttributeValues: { ':at': after.updatedAt },
              },
            },
          ]
        : []),
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(before.tenantId, before.invoiceNumber),
          UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: '#status = :open AND updatedAt = :before',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        },
      },
      ...(opened
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...selfServiceKeys.dispute(before.tenantId, opened.id),
                  disputeId: opened.id,
                  invoiceNumber: before.invoiceNumber,
                  customerId: before.customer.id,
                  reason: opened.reason,
                  openedAt: opened.openedAt,
                  balance: before.balance,
                  currency: before.currency,
                },
              },
            },
          ]
        : []),
      ...eventPuts(this.tableName, before, events),
    ]);
    if (!failed) return 'recorded';
    return link && failed[0] ? 'already-used' : 'changed';
  }
}
