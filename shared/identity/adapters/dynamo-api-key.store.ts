import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ApiKeyStore } from '../api-key.port.js';
import { keys } from '../../kernel/index.js';

const apiKeyItemSchema = z.object({ tenantId: z.string(), label: z.string() });

/**
 * API keys are random 256-bit secrets, so one SHA-256 is enough to store them safely (no password
 * stretching needed); the table never holds a key itself.
 */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

export class DynamoApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async principalForKey(apiKey: string): Promise<{ tenantId: string; label: string } | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.apiKey(hashApiKey(apiKey)) }));
    if (!Item) return undefined;
    const { tenantId, label } = apiKeyItemSchema.parse(Item);
    return { tenantId, label };
  }

  async put(apiKey: string, tenantId: string, label: string): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.apiKey(hashApiKey(apiKey)), tenantId, label, createdAt: new Date().toISOString() } }),
    );
  }
}
