import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { collectionPolicySchema, type CollectionPolicy } from '../policy.js';
import type { PolicyRepository } from '../policy.port.js';
import { withoutKeys } from '../../kernel/index.js';
import { keys, legacyKeys, policyIndex } from '../../kernel/index.js';
import { queryAll } from '../../kernel/index.js';

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

  async addInvoice(tenantId: string, policyName: string, invoiceNumber: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invoice(tenantId, invoiceNumber),
          UpdateExpression: 'SET policyPk = :pk, policySk = :sk',
          // Never creates an invoice item of keys alone.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':pk': policyIndex.attributes(tenantId, policyName, invoiceNumber).policyPk, ':sk': invoiceNumber },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async invoicesUnder(tenantId: string, policyName: string): Promise<string[]> {
    const shards = Array.from({ length: policyIndex.shards }, (_, shard) =>
      queryAll(this.db, {
        TableName: this.tableName,
        IndexName: policyIndex.name,
        KeyConditionExpression: 'policyPk = :pk',
        ExpressionAttributeValues: { ':pk': policyIndex.partition(tenantId, policyName, shard) },
      }).then((items) => items.map((item) => z.string().parse(item['policySk']))),
    );
    // List items of earlier versions (dynamo-keys.ts): invoices stored before the index carry no policyPk.
    const legacy = queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': legacyKeys.policyMembers(tenantId, policyName) },
      ProjectionExpression: 'invoiceNumber',
    }).then((items) => items.map((item) => z.string().parse(item['invoiceNumber'])));
    return [...new Set((await Promise.all([...shards, legacy])).flat())].sort();
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

function parse(item: Record<string, unknown>): CollectionPolicy {
  const { tenantId: _tenantId, ...policy } = storedPolicySchema.parse(withoutKeys(item));
  return policy;
}
