import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { type SentMessages, type SentMessage } from '../notice.ports.js';
import { withoutKeys } from '../../kernel/index.js';
import { noticeKeys } from '../../kernel/index.js';
import { isConditionFailure } from '../../kernel/index.js';

const sentMessageSchema = z.object({
  messageId: z.string(),
  tenantId: z.string(),
  customerId: z.string(),
  recipients: z.array(z.string()),
  notices: z.array(z.object({ invoiceNumber: z.string(), stage: z.string() })),
  sentAt: z.string(),
});

export class DynamoSentMessages implements SentMessages {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordMessage(message: SentMessage): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...noticeKeys.sesMessage(message.messageId), ...message } }));
  }
  async message(messageId: string): Promise<SentMessage | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: noticeKeys.sesMessage(messageId), ConsistentRead: true }));
    return Item ? sentMessageSchema.parse(withoutKeys(Item)) : undefined;
  }
  async claimResend(messageId: string, at: string): Promise<boolean> {
    // On the message's own record: one re-send per sent message, whichever copy of its bounce event comes first.
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: noticeKeys.sesMessage(messageId),
          UpdateExpression: 'SET resendClaimedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(resendClaimedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
  async releaseResend(messageId: string): Promise<void> {
    await this.db.send(new UpdateCommand({ TableName: this.tableName, Key: noticeKeys.sesMessage(messageId), UpdateExpression: 'REMOVE resendClaimedAt' }));
  }
}
