import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { keys, withoutKeys } from '../../kernel/index.js';
import type { OpenItemSnapshots, SnapshotMark } from '../open-item-snapshots.port.js';

const markSchema = z.object({
  jobId: z.string(),
  order: z.string(),
  file: z.string(),
  appliedAt: z.string(),
  awaiting: z.array(z.string()).optional(),
  confirmedAt: z.string().optional(),
});

/** One item per tenant (`T#<tenant>#OPENITEMS` / `#SNAPSHOT`), every write conditional on the order or the job. */
export class DynamoOpenItemSnapshots implements OpenItemSnapshots {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async last(tenantId: string): Promise<SnapshotMark | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.openItemSnapshot(tenantId), ConsistentRead: true }));
    return Item ? markSchema.parse(withoutKeys(Item)) : undefined;
  }

  async advance(tenantId: string, mark: Omit<SnapshotMark, 'awaiting' | 'confirmedAt'>): Promise<'applied' | 'stale'> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.openItemSnapshot(tenantId), ...mark },
          ConditionExpression: 'attribute_not_exists(pk) OR #order < :order',
          ExpressionAttributeNames: { '#order': 'order' },
          ExpressionAttributeValues: { ':order': mark.order },
        }),
      );
      return 'applied';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return (await this.last(tenantId))?.jobId === mark.jobId ? 'applied' : 'stale';
  }

  hold(tenantId: string, jobId: string, awaiting: readonly string[]): Promise<boolean> {
    return this.update(tenantId, jobId, 'SET awaiting = :awaiting', { ':awaiting': [...awaiting] }, '');
  }

  confirm(tenantId: string, jobId: string, at: string): Promise<boolean> {
    return this.update(tenantId, jobId, 'SET confirmedAt = :at', { ':at': at }, ' AND attribute_not_exists(confirmedAt)');
  }

  private async update(tenantId: string, jobId: string, expression: string, values: Record<string, unknown>, extraCondition: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.openItemSnapshot(tenantId),
          UpdateExpression: expression,
          ConditionExpression: `jobId = :job${extraCondition}`,
          ExpressionAttributeValues: { ':job': jobId, ...values },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
