import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newLinkKey } from '../signed-link.js';
import { keys } from './dynamo-keys.js';
import type { LinkKeyStore } from '../link-key.port.js';

/** Each tenant's link-signing key, one item, created on first use. */
export class DynamoLinkKeyStore implements LinkKeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async linkKey(tenantId: string): Promise<string> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.linkKey(tenantId), ConsistentRead: true }));
    if (typeof Item?.['key'] === 'string') return Item['key'];
    try {
      const key = newLinkKey();
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.linkKey(tenantId), key }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return key;
    } catch (error) {
      // Another cold start created it at the same moment: use theirs.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return this.linkKey(tenantId);
    }
  }
}
