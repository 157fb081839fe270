import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { importProfileSchema, type ImportProfile } from '../import/import-profile.js';
import type { ImportProfileStore } from '../import/import-ports.js';
import { withoutKeys } from './dynamo-items.js';
import { keys } from './dynamo-keys.js';

/** A tenant's import profiles, one item each under one partition (so listing them is one query). */
export class DynamoImportProfiles implements ImportProfileStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, name: string): Promise<ImportProfile | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.importProfile(tenantId, name), ConsistentRead: true }));
    return Item ? importProfileSchema.parse(withoutKeys(Item)) : undefined;
  }

  async put(tenantId: string, profile: ImportProfile): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.importProfile(tenantId, profile.name), ...profile } }));
  }

  async list(tenantId: string): Promise<ImportProfile[]> {
    const profiles: ImportProfile[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.importProfiles(tenantId).pk },
          ExclusiveStartKey: startKey,
        }),
      );
      profiles.push(...(page.Items ?? []).map((item) => importProfileSchema.parse(withoutKeys(item))));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return profiles;
  }
}
