import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { CreditLimitAlert } from '../credit-limit.js';
import type { CreditHold, CustomerProfile, StoredRisk } from '../customer.js';
import type { CustomerRepository } from '../customer.port.js';
import { withoutKeys } from '../../kernel/index.js';
import { customerIndex, keys, legacyKeys } from '../../kernel/index.js';
import { queryAll } from '../../kernel/index.js';
import { transactWrite } from '../../kernel/index.js';

export const profileItemSchema = z.object({
  tenantId: z.string(),
  customerId: z.string(),
  accountOwner: z.string().optional(),
  policy: z.string().optional(),
  tags: z.array(z.string()).default([]),
  creditHold: z.object({ since: z.string(), reason: z.string(), by: z.string() }).optional(),
  creditLimit: z.object({ currency: z.string(), amount: z.number() }).optional(),
  risk: z.object({ score: z.number(), tier: z.enum(['low', 'medium', 'high']), assessedAt: z.string() }).optional(),
  creditLimitExceeded: z.object({ since: z.string(), balance: z.number(), currency: z.string() }).optional(),
  locale: z.string().optional(),
  contacts: z.array(z.string()).optional(),
  updatedAt: z.string(),
});

export class DynamoCustomerRepository implements CustomerRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, customerId: string): Promise<CustomerProfile | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.customer(tenantId, customerId), ConsistentRead: true }));
    return Item ? profileItemSchema.parse(withoutKeys(Item)) : undefined;
  }

  async put(profile: Omit<CustomerProfile, 'creditHold'>): Promise<CustomerProfile> {
    const fields = { accountOwner: profile.accountOwner, policy: profile.policy, creditLimit: profile.creditLimit, locale: profile.locale, contacts: profile.contacts?.length ? profile.contacts : undefined };
    const set = ['tenantId = :tenantId', 'customerId = :customerId', 'tags = :tags', 'updatedAt = :updatedAt'];
    const remove: string[] = [];
    const values: Record<string, unknown> = { ':tenantId': profile.tenantId, ':customerId': profile.customerId, ':tags': profile.tags, ':updatedAt': profile.updatedAt };
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) remove.push(`#${name}`);
      else {
        set.push(`#${name} = :${name}`);
        values[`:${name}`] = value;
      }
    }
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.customer(profile.tenantId, profile.customerId),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ExpressionAttributeNames: { '#accountOwner': 'accountOwner', '#policy': 'policy', '#creditLimit': 'creditLimit', '#locale': 'locale', '#contacts': 'contacts' },
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return profileItemSchema.parse(withoutKeys(Attributes ?? {}));
  }

  async placeCreditHold(tenantId: string, customerId: string, hold: CreditHold): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.customer(tenantId, customerId),
        UpdateExpression: 'SET tenantId = :tenantId, customerId = :customerId, creditHold = :hold, updatedAt = :at, tags = if_not_exists(tags, :noTags)',
        ExpressionAttributeValues: { ':tenantId': tenantId, ':customerId': customerId, ':hold': hold, ':at': hold.since, ':noTags': [] },
      }),
    );
  }

  async releaseCreditHold(tenantId: string, customerId: string): Promise<void> {
    await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: keys.customer(tenantId, customerId), UpdateExpression: 'REMOVE creditHold', ConditionExpression: 'attribute_exists(pk)' })).catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
  }

  async invoicesOf(tenantId: string, customerId: string): Promise<string[]> {
    const [indexed, legacy] = await Promise.all([
      queryAll(this.db, {
        TableName: this.tableName,
        IndexName: customerIndex.name,
        KeyConditionExpression: 'customerPk = :pk',
        ExpressionAttributeValues: { ':pk': customerIndex.partition(tenantId, customerId) },
        ProjectionExpression: 'invoiceNumber',
      }),
      // List items of earlier versions (dynamo-keys.ts): invoices stored before the index carry no customerPk.
      queryAll(this.db, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :invoices)',
        ExpressionAttributeValues: { ':pk': legacyKeys.customerInvoices(tenantId, customerId), ':invoices': legacyKeys.sortKeyPrefix },
        ProjectionExpression: 'invoiceNumber',
      }),
    ]);
    return [...new Set([...indexed, ...legacy].map((item) => z.string().parse(item['invoiceNumber'])))].sort();
  }

  async recordRisk(tenantId: string, customerId: string, risk: StoredRisk): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.customer(tenantId, customerId),
        UpdateExpression: 'SET tenantId = :tenantId, customerId = :customerId, risk = :risk, tags = if_not_exists(tags, :noTags), updatedAt = if_not_exists(updatedAt, :at)',
        ExpressionAttributeValues: { ':tenantId': tenantId, ':customerId': customerId, ':risk': risk, ':noTags': [], ':at': risk.assessedAt },
      }),
    );
  }

  async markCreditLimitExceeded(tenantId: string, customerId: string, state: NonNullable<CustomerProfile['creditLimitExceeded']>, alert: CreditLimitAlert): Promise<boolean> {
    // Once per crossing: the flag and the alert together, neither if the flag is already set.
    return !(await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.customer(tenantId, customerId),
          UpdateExpression: 'SET creditLimitExceeded = :state',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(creditLimitExceeded)',
          ExpressionAttributeValues: { ':state': state },
        },
      },
      { Put: { TableName: this.tableName, Item: { ...keys.customerEvent(tenantId, customerId, alert.key), ...alert }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]));
  }

  async clearCreditLimitExceeded(tenantId: string, customerId: string): Promise<void> {
    await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: keys.customer(tenantId, customerId), UpdateExpression: 'REMOVE creditLimitExceeded' }));
  }
}
