import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { collectionPolicySchema, type CollectionPolicy } from '../policy.js';
import type { PolicyRepository } from '../ports.js';
import { withoutKeys } from './dynamo-items.js';
import { keys } from './dynamo-keys.js';
import { queryAll } from './dynamo-query.js';

const storedPolicySchema = collectionPolicySchema.extend({ name: z.string(), version: z.number().int(), tenantId: z.string() });

/** Every version is kept (the audit trail of "how we collect"); a latest-version item per name serves reads and lists. */
export class DynamoPolicyRepository implements PolicyRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, name: string): Promise<CollectionPolicy | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.latestPolicy(tenantId, name), ConsistentRead: true }));
    return Item ? parse(Item) : undefined;
  }

  async list(tenantId: string): Promise<CollectionPolicy[]> {
    const items = await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.latestPolicies(tenantId).pk } });
    return items.map(parse);
  }

  addInvoice(tenantId: string, policyName: string, invoiceNumber: string): Promise<void> {
    return addPolicyMember(this.db, this.tableName, tenantId, policyName, invoiceNumber);
  }

  async invoicesUnder(tenantId: string, policyName: string): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.policyMembers(tenantId, policyName).pk },
      ProjectionExpression: 'invoiceNumber',
    });
    return items.map((item) => String(item['invoiceNumber']));
  }

  async put(tenantId: string, policy: CollectionPolicy): Promise<'stored' | 'version-conflict'> {
    const item = { ...policy, tenantId };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...keys.policyVersion(tenantId, policy.name, policy.version), ...item }, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.latestPolicy(tenantId, policy.name), ...item },
                ConditionExpression: policy.version === 1 ? 'attribute_not_exists(pk)' : 'version = :previous',
                ...(policy.version === 1 ? {} : { ExpressionAttributeValues: { ':previous': policy.version - 1 } }),
              },
            },
          ],
        }),
      );
      return 'stored';
    } catch (error) {
      if (error instanceof TransactionCanceledException) return 'version-conflict';
      throw error;
    }
  }
}

/** Membership items: a KEYS_ONLY list per policy, cheap to write at ingest and to page through on a change. */
export async function addPolicyMember(db: DynamoDBDocumentClient, tableName: string, tenantId: string, policyName: string, invoiceNumber: string): Promise<void> {
  await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.policyMember(tenantId, policyName, invoiceNumber), invoiceNumber } }));
}

function parse(item: Record<string, unknown>): CollectionPolicy {
  const { tenantId: _tenantId, ...policy } = storedPolicySchema.parse(withoutKeys(item));
  return policy;
}
