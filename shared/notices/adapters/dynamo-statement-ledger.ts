import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type StatementLedger } from '../notice.ports.js';
import { noticeKeys } from '../../kernel/index.js';
import { isConditionFailure } from '../../kernel/index.js';

export class DynamoStatementLedger implements StatementLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claimStatement(tenantId: string, customerId: string, date: string): Promise<{ claimed: true } | { claimed: false; messageId?: string }> {
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...noticeKeys.statement(tenantId, customerId, date), date }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: noticeKeys.statement(tenantId, customerId, date), ConsistentRead: true }));
      return typeof Item?.['messageId'] === 'string' ? { claimed: false, messageId: Item['messageId'] } : { claimed: false };
    }
  }
  async recordStatementSent(tenantId: string, customerId: string, date: string, messageId: string): Promise<void> {
    await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: noticeKeys.statement(tenantId, customerId, date), UpdateExpression: 'SET messageId = :messageId', ExpressionAttributeValues: { ':messageId': messageId } }));
  }
  async releaseStatement(tenantId: string, customerId: string, date: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: noticeKeys.statement(tenantId, customerId, date), ConditionExpression: 'attribute_not_exists(messageId)' })).catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
  }
}
