import { BatchGetCommand, DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { type Suppressions, type Suppression } from '../notice.ports.js';
import { withoutKeys } from '../../kernel/index.js';
import { noticeKeys } from '../../kernel/index.js';
import { queryAll } from '../../kernel/index.js';
import { isConditionFailure } from '../../kernel/index.js';

const suppressionSchema = z.object({
  email: z.string(),
  reason: z.enum(['bounce', 'complaint']),
  since: z.string(),
  messageId: z.string(),
  customerId: z.string(),
  detail: z.string().optional(),
});

export class DynamoSuppressions implements Suppressions {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async suppress(tenantId: string, suppression: Suppression): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...noticeKeys.suppression(tenantId, suppression.email), ...suppression, email: suppression.email.toLowerCase() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
  async suppressedAmong(tenantId: string, emails: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(emails.map((email) => email.toLowerCase()))];
    if (unique.length === 0) return new Set();
    // At most 11 addresses (10 contacts and the invoice's): one batch, read consistently so a bounce recorded a moment ago counts.
    const { Responses, UnprocessedKeys } = await this.db.send(
      new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: unique.map((email) => noticeKeys.suppression(tenantId, email)), ConsistentRead: true, ProjectionExpression: 'email' } } }),
    );
    if (UnprocessedKeys && Object.keys(UnprocessedKeys).length > 0) throw new Error('DynamoDB left suppression reads unprocessed; retry the send');
    return new Set((Responses?.[this.tableName] ?? []).map((item) => String(item['email'])));
  }
  async suppressions(tenantId: string): Promise<Suppression[]> {
    const items = await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': noticeKeys.suppressions(tenantId) } });
    return items.map((item) => suppressionSchema.parse(withoutKeys(item)));
  }
  async unsuppress(tenantId: string, email: string): Promise<boolean> {
    const { Attributes } = await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: noticeKeys.suppression(tenantId, email), ReturnValues: 'ALL_OLD' }));
    return Attributes !== undefined;
  }
}
