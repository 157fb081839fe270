import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Invoice, EscalationState } from '../../invoicing/index.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { withoutKeys } from '../../kernel/index.js';
import { linkItemSchema } from './escalation-items.js';
import type { DecisionLink } from '../escalation.js';
import { eventPuts, transactWrite } from '../../kernel/index.js';
import { keys } from '../../kernel/index.js';
import type { EscalationRepository } from '../escalation.port.js';

/** Escalations: the invoice's state, the task token item and the decision links. */
export class DynamoEscalationRepository implements EscalationRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async startEscalation(invoice: Invoice, escalation: EscalationState, taskToken: string, links: DecisionLink[], event: TimelineEvent): Promise<boolean> {
    const failed = await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(invoice.tenantId, invoice.invoiceNumber),
          UpdateExpression: 'SET escalation = :escalation, updatedAt = :at',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':escalation': escalation, ':at': escalation.requestedAt, ':open': 'open' },
        },
      },
      { Put: { TableName: this.tableName, Item: { ...keys.escalation(invoice.tenantId, invoice.invoiceNumber, escalation.id), taskToken, requestedAt: escalation.requestedAt } } },
      ...links.map((link) => ({ Put: { TableName: this.tableName, Item: { ...keys.link(link.linkId), ...link, expiresAt: link.expiresAt } } })),
      ...eventPuts(this.tableName, invoice, [event]),
    ]);
    return !failed;
  }

  async escalationTaskToken(tenantId: string, invoiceNumber: string, escalationId: string): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.escalation(tenantId, invoiceNumber, escalationId), ConsistentRead: true }));
    return typeof Item?.['taskToken'] === 'string' ? Item['taskToken'] : undefined;
  }

  async getLink(linkId: string): Promise<DecisionLink | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.link(linkId), ConsistentRead: true }));
    return Item ? linkItemSchema.parse(withoutKeys(Item)) : undefined;
  }

  async decideEscalation(
    before: Invoice,
    after: Pick<Invoice, 'status' | 'escalation' | 'extendedDueDate' | 'pausedUntil' | 'updatedAt'>,
    link: DecisionLink | undefined,
    events: TimelineEvent[],
  ): Promise<'decided' | 'already-decided'> {
    const set: string[] = ['#status = :status', 'updatedAt = :updatedAt'];
    const remove: string[] = [];
    const values: Record<string, unknown> = { ':status': after.status, ':updatedAt': after.updatedAt, ':id': before.escalation?.id ?? '', ':pending': 'pending', ':open': 'open' };
    for (const field of ['escalation', 'extendedDueDate', 'pausedUntil'] as const) {
      if (after[field] === undefined) remove.push(field);
      else {
        set.push(`${field} = :${field}`);
        values[`:${field}`] = after[field];
      }
    }
    const failed = await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(before.tenantId, before.invoiceNumber),
          UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
          // Still pending, and the invoice still open: a payment that committed first wins.
          ConditionExpression: 'escalation.id = :id AND escalation.#escalationStatus = :pending AND #status = :open',
          ExpressionAttributeNames: { '#status': 'status', '#escalationStatus': 'status' },
          ExpressionAttributeValues: values,
        },
      },
      ...(link
        ? [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.link(link.linkId),
                UpdateExpression: 'SET usedAt = :usedAt',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
                ExpressionAttributeValues: { ':usedAt': after.updatedAt },
              },
            },
          ]
        : []),
      ...eventPuts(this.tableName, before, events),
    ]);
    return failed ? 'already-decided' : 'decided';
  }
}
