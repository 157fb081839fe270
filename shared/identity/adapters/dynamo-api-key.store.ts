import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ApiKeyPage, ApiKeyStore, NewApiKey } from '../api-key.port.js';
import { apiKeyIdOf, hashApiKey, legacyKeyScopes, type ApiKeyPrincipal, type ApiKeyRecord } from '../api-key.js';
import { scopes } from '../scopes.js';
import { isConditionFailure, keys } from '../../kernel/index.js';
import { decodeCursor, encodeCursor } from './api-key-cursor.js';

const scopeList = z.array(z.enum(scopes));

/** The lookup item (`APIKEY#<hash>`): what the authorizer reads. Items from before scopes have only tenantId and label. */
const lookupItemSchema = z.object({ tenantId: z.string(), label: z.string(), scopes: scopeList.optional(), expiresAt: z.string().nullish(), id: z.string().optional() });

const recordItemSchema = z.object({
  id: z.string(),
  label: z.string(),
  scopes: scopeList,
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullish(),
  createdBy: z.string(),
  keyHash: z.string(),
});

/**
 * Two items per key, written and deleted together: the lookup item by the key's hash (the authorizer's
 * one GetItem) and the tenant's list item `T#<tenant>#APIKEYS` / `KEY#<id>` (listing and revoking
 * query only the caller's tenant). The list item keeps the hash so that revoking can delete the lookup.
 */
const tenantKeys = (tenantId: string) => ({ pk: `T#${tenantId}#APIKEYS` });
const tenantKey = (tenantId: string, id: string) => ({ pk: `T#${tenantId}#APIKEYS`, sk: `KEY#${id}` });

/** A new key has no last use: the attribute is absent (not null) until the authorizer sets it. */
const withoutLastUse = ({ lastUsedAt: _lastUsedAt, ...record }: ApiKeyRecord) => record;

export class DynamoApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async principalForKey(apiKey: string): Promise<ApiKeyPrincipal | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.apiKey(hashApiKey(apiKey)) }));
    if (!Item) return undefined;
    const item = lookupItemSchema.parse(Item);
    return { tenantId: item.tenantId, label: item.label, scopes: item.scopes ?? legacyKeyScopes, expiresAt: item.expiresAt ?? null, ...(item.id ? { id: item.id } : {}) };
  }

  async put(apiKey: string, tenantId: string, label: string, options: Omit<NewApiKey, 'label'> = {}): Promise<ApiKeyRecord> {
    const keyHash = hashApiKey(apiKey);
    const record: ApiKeyRecord = {
      id: apiKeyIdOf(apiKey),
      label,
      scopes: options.scopes ?? legacyKeyScopes,
      createdAt: options.createdAt ?? new Date().toISOString(),
      expiresAt: options.expiresAt ?? null,
      lastUsedAt: null,
      createdBy: options.createdBy ?? 'arflow tooling',
    };
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { ...keys.apiKey(keyHash), tenantId, label, scopes: record.scopes, expiresAt: record.expiresAt, id: record.id, createdAt: record.createdAt } } },
          { Put: { TableName: this.tableName, Item: { ...tenantKey(tenantId, record.id), ...withoutLastUse(record), keyHash } } },
        ],
      }),
    );
    return record;
  }

  async list(tenantId: string, page: { limit: number; cursor?: string }): Promise<ApiKeyPage> {
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': tenantKeys(tenantId).pk, ':prefix': 'KEY#' },
        ...(after ? { ExclusiveStartKey: tenantKey(tenantId, after) } : {}),
        Limit: page.limit,
      }),
    );
    const items = Items.map((item) => {
      const { keyHash: _keyHash, lastUsedAt, ...record } = recordItemSchema.parse(item);
      return { ...record, lastUsedAt: lastUsedAt ?? null };
    });
    const last = items.at(-1);
    return { items, nextCursor: LastEvaluatedKey && last ? encodeCursor(last.id) : null };
  }

  async revoke(tenantId: string, id: string): Promise<boolean> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: tenantKey(tenantId, id), ConsistentRead: true }));
    if (!Item) return false;
    const { keyHash } = recordItemSchema.parse(Item);
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.tableName, Key: keys.apiKey(keyHash) } },
          { Delete: { TableName: this.tableName, Key: tenantKey(tenantId, id) } },
        ],
      }),
    );
    return true;
  }

  async recordUse(tenantId: string, id: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tenantKey(tenantId, id),
          UpdateExpression: 'SET lastUsedAt = :at',
          // Never brings a revoked key's list item back, never moves the time backwards.
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :at)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

