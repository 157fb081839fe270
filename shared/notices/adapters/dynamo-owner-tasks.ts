import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ownerTaskStatuses, type OwnerTasks, type CloseTaskOutcome, type OwnerTask, type OwnerTaskStatus } from '../notice.ports.js';
import { withoutKeys } from '../../kernel/index.js';
import { noticeKeys } from '../../kernel/index.js';
import { queryAll } from '../../kernel/index.js';

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

export class DynamoOwnerTasks implements OwnerTasks {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

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
}
