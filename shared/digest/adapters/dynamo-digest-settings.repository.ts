import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { DigestSettings } from '../weekly-digest.js';
import type { DigestSettingsRepository } from '../digest-settings.port.js';
import { withoutKeys } from '../../kernel/index.js';
import { digestKeys } from '../../kernel/index.js';
import { queryAll } from '../../kernel/index.js';

const settingsItemSchema = z.object({ tenantId: z.string(), recipients: z.array(z.string()), topAccounts: z.number(), updatedAt: z.string() });

/** Digest settings and sent weeks in the single table (key layout in dynamo-keys.ts). */
export class DynamoDigestSettingsRepository implements DigestSettingsRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string): Promise<DigestSettings | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: digestKeys.settings(tenantId), ConsistentRead: true }));
    return Item ? settingsItemSchema.parse(withoutKeys(Item)) : undefined;
  }

  async put(settings: DigestSettings): Promise<void> {
    // The settings and the tenant list change together, so the run never sees one without the other.
    const subscriber = digestKeys.subscriber(settings.tenantId);
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { ...digestKeys.settings(settings.tenantId), ...settings } } },
          settings.recipients.length > 0
            ? { Put: { TableName: this.tableName, Item: { ...subscriber, tenantId: settings.tenantId } } }
            : { Delete: { TableName: this.tableName, Key: subscriber } },
        ],
      }),
    );
  }

  async subscribedTenants(): Promise<string[]> {
    const items = await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': digestKeys.subscribers }, ProjectionExpression: 'tenantId' });
    return items.map((item) => String(item['tenantId']));
  }

  async claimWeek(tenantId: string, weekStart: string, at: string): Promise<boolean> {
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...digestKeys.week(tenantId, weekStart), claimedAt: at }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseWeek(tenantId: string, weekStart: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: digestKeys.week(tenantId, weekStart) }));
  }
}
