import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ownerTaskStatuses, type CloseTaskOutcome, type DeliverabilityRepository, type OwnerTask, type OwnerTaskStatus, type SentMessage, type Suppression } from '../notices/notice-ports.js';
import { withoutKeys } from './dynamo-items.js';
import { noticeKeys } from './dynamo-keys.js';
import { queryAll } from './dynamo-query.js';

const sentMessageSchema = z.object({
  messageId: z.string(),
  tenantId: z.string(),
  customerId: z.string(),
  recipients: z.array(z.string()),
  notices: z.array(z.object({ invoiceNumber: z.string(), stage: z.string() })),
  sentAt: z.string(),
});
const suppressionSchema = z.object({
  email: z.string(),
  reason: z.enum(['bounce', 'complaint']),
  since: z.string(),
  messageId: z.string(),
  customerId: z.string(),
  detail: z.string().optional(),
});
const taskSchema = z.object({
  taskId: z.string(),
  tenantId: z.string(),
  kind: z.enum(['contact-bounced', 'contact-complained']),
  customerId: z.string(),
  email: z.string(),
  nextContact: z.string().optional(),
  invoiceNumbers: z.array(z.string()),
  assignee: z.string().optional(),
  openedAt: z.string(),
  status: z.enum(ownerTaskStatuses),
  closedAt: z.string().optional(),
  closedBy: z.string().optional(),
  note: z.string().optional(),
});

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

export class DynamoDeliverability implements DeliverabilityRepository {
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

  async openTask(task: OwnerTask): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...noticeKeys.task(task.tenantId, task.openedAt, task.taskId), ...task } }));
  }

  async tasks(tenantId: string, status?: OwnerTaskStatus): Promise<OwnerTask[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ...(status ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
      ExpressionAttributeValues: { ':pk': noticeKeys.tasks(tenantId), ...(status ? { ':status': status } : {}) },
    });
    return items.map((item) => taskSchema.parse(withoutKeys(item)));
  }

  async closeTask(tenantId: string, taskId: string, closure: { closedAt: string; closedBy?: string; note?: string }): Promise<CloseTaskOutcome> {
    // A task's key holds its opening time (the list reads oldest first), not known from its id alone:
    // find it in the tenant's task partition, which holds one item per bounced or complained address.
    const [found] = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'taskId = :taskId',
      ExpressionAttributeValues: { ':pk': noticeKeys.tasks(tenantId), ':taskId': taskId },
    });
    if (!found) return { outcome: 'not-found' };
    const task = taskSchema.parse(withoutKeys(found));
    const set = { ':closed': 'closed', ':open': 'open', ':closedAt': closure.closedAt, ...(closure.closedBy ? { ':closedBy': closure.closedBy } : {}), ...(closure.note ? { ':note': closure.note } : {}) };
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: noticeKeys.task(tenantId, task.openedAt, task.taskId),
          UpdateExpression: `SET #status = :closed, closedAt = :closedAt${closure.closedBy ? ', closedBy = :closedBy' : ''}${closure.note ? ', note = :note' : ''}`,
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: set,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { outcome: 'closed', task: taskSchema.parse(withoutKeys(Attributes ?? {})) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The item as it is now (closed by someone else meanwhile, or by this request's earlier try).
      return { outcome: 'already-closed', task: error.Item ? taskSchema.parse(withoutKeys(unmarshall(error.Item))) : task };
    }
  }

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
