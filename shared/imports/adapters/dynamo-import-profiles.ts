import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { importProfileSchema, type ImportProfile } from '../import-profile.js';
import type { ImportProfileStore } from '../import-ports.js';
import { withoutKeys } from '../../kernel/index.js';
import { keys } from '../../kernel/index.js';
import { queryAll } from '../../kernel/index.js';

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
    const items = await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.importProfiles(tenantId).pk } });
    return items.map((item) => importProfileSchema.parse(withoutKeys(item)));
  }
}
