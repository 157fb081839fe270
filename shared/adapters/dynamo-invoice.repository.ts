import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Invoice } from '../invoice.js';
import type { Payment } from '../payment.js';
import type { InvoiceRepository } from '../ports.js';
import type { NoticeRecord } from '../invoice-state.js';
import type { TimelineEvent } from '../timeline.js';
import { customerLinkItemSchema, disputeListingItemSchema, invoiceItemSchema, linkItemSchema, noticeItemSchema, paymentItemSchema, withoutKeys } from './dynamo-items.js';
import type { CustomerAction, CustomerLink, DisputeListing } from '../self-service.js';
import type { DecisionLink } from '../escalation.js';
import type { EscalationState } from '../invoice.js';
import { newLinkKey } from '../signed-link.js';
import { eventPuts, transactWrite } from './dynamo-transactions.js';
import { customerIndex, keys, selfServiceKeys, sortKeyPrefix, unappliedKeys } from './dynamo-keys.js';
import { queryAll } from './dynamo-query.js';
import { readTimeline } from './dynamo-timeline.js';
import type { InvoiceChange } from '../reconciliation.js';
import type { PaymentPlan } from '../invoice-state.js';

export class DynamoInvoiceRepository implements InvoiceRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(tenantId: string, invoiceNumber: string): Promise<Invoice | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.invoice(tenantId, invoiceNumber), ConsistentRead: true }),
    );
    return Item ? parseInvoice(Item) : undefined;
  }

  async notices(tenantId: string, invoiceNumber: string): Promise<NoticeRecord[]> {
    const items = await this.queryPrefix(tenantId, invoiceNumber, sortKeyPrefix.notice);
    return items.map((item) => noticeItemSchema.parse(withoutKeys(item)));
  }

  timeline(tenantId: string, invoiceNumber: string): Promise<TimelineEvent[]> {
    return readTimeline(this.db, this.tableName, tenantId, invoiceNumber);
  }

  async appendEvent(tenantId: string, invoiceNumber: string, event: TimelineEvent): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.event(tenantId, invoiceNumber, event.key), ...event },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // The same event (same key) from a retried task is already there: keep the first.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async claimNotice(invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'balance'>, stage: string, at: Date) {
    const notice: NoticeRecord = { stage, status: 'claimed', at: at.toISOString() };
    const failed = await transactWrite(this.db, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.notice(invoice.tenantId, invoice.invoiceNumber, stage), ...notice },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.invoice(invoice.tenantId, invoice.invoiceNumber),
          // Still open with the balance read, not disputed, not paused: a dispute or a pause that committed first stops the notice.
          ConditionExpression:
            '#status = :open AND balance = :balance AND (attribute_not_exists(dispute) OR dispute.#status <> :open) AND (attribute_not_exists(pausedUntil) OR pausedUntil <= :at)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open', ':balance': invoice.balance, ':at': notice.at },
        },
      },
    ]);
    if (!failed) return { claimed: true as const };
    return { claimed: false as const, reason: failed[0] ? ('already-claimed' as const) : ('invoice-changed' as const) };
  }

  async releaseNotice(tenantId: string, invoiceNumber: string, stage: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.notice(tenantId, invoiceNumber, stage),
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async recordNoticeSent(tenantId: string, invoiceNumber: string, stage: string, messageId: string, event: TimelineEvent): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notice(tenantId, invoiceNumber, stage),
        UpdateExpression: 'SET #status = :sent, messageId = :messageId, #at = :at',
        ExpressionAttributeNames: { '#status': 'status', '#at': 'at' },
        ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':at': event.at },
      }),
    );
    await this.appendEvent(tenantId, invoiceNumber, event);
  }

  async recordNoticesSkipped(tenantId: string, invoiceNumber: string, stages: string[], reason: string, at: Date): Promise<void> {
    for (const stage of stages) {
      const notice: NoticeRecord = { stage, status: 'skipped', at: at.toISOString(), reason };
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...keys.notice(tenantId, invoiceNumber, stage), ...notice },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  async applyPayment(payment: Payment, changes: InvoiceChange[], previous?: Payment): Promise<'applied' | 'duplicate' | 'stale'> {
    const { tenantId } = payment;
    const unappliedEntry = unappliedKeys.item(tenantId, payment.recordedAt, payment.paymentId);
    const failed = await transactWrite(this.db, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.payment(tenantId, payment.paymentId), ...payment },
          // New: only once. Further allocation: only from the unapplied amount that was read.
          ...(previous
            ? { ConditionExpression: 'unappliedAmount = :unapplied', ExpressionAttributeValues: { ':unapplied': previous.unappliedAmount } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      payment.unappliedAmount > 0
        ? { Put: { TableName: this.tableName, Item: { ...unappliedEntry, ...payment } } }
        : { Delete: { TableName: this.tableName, Key: unappliedEntry } },
      ...changes.flatMap(({ before, after, events }) => [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.invoice(before.tenantId, before.invoiceNumber),
            UpdateExpression: 'SET balance = :balance, #status = :status, updatedAt = :updatedAt',
            ConditionExpression: 'balance = :balanceBefore AND #status = :statusBefore',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':balance': after.balance,
              ':status': after.status,
              ':updatedAt': after.updatedAt,
              ':balanceBefore': before.balance,
              ':statusBefore': before.status,
            },
          },
        },
        ...eventPuts(this.tableName, before, events),
      ]),
    ]);
    if (!failed) return 'applied';
    return failed[0] && !previous ? 'duplicate' : 'stale';
  }

  async putCustomerLink(link: CustomerLink): Promise<void> {
    // An empty `used` map, so that recording a use can SET used.<action> (DynamoDB cannot set into a missing map).
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...selfServiceKeys.customerLink(link.linkId), ...link, used: link.used ?? {} }, ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async getCustomerLink(linkId: string): Promise<CustomerLink | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: selfServiceKeys.customerLink(linkId), ConsistentRead: true }));
    return Item ? customerLinkItemSchema.parse(withoutKeys(Item)) : undefined;
  }

  async recordCustomerRequest(
    before: Invoice,
    after: Pick<Invoice, 'pausedUntil' | 'dispute' | 'promise' | 'updatedAt'>,
    link: CustomerLink | undefined,
    action: CustomerAction,
    events: TimelineEvent[],
  ): Promise<'recorded' | 'already-used' | 'changed'> {
    const set = ['updatedAt = :updatedAt'];
    const remove: string[] = [];
    const values: Record<string, unknown> = { ':updatedAt': after.updatedAt, ':before': before.updatedAt, ':open': 'open' };
    for (const field of ['pausedUntil', 'dispute', 'promise'] as const) {
      if (after[field] === undefined) remove.push(field);
      else {
        set.push(`${field} = :${field}`);
        values[`:${field}`] = after[field];
      }
    }
    const opened = after.dispute && after.dispute.id !== before.dispute?.id ? after.dispute : undefined;
    const failed = await transactWrite(this.db, [
      ...(link
        ? [
            {
              Update: {
                TableName: this.tableName,
                Key: selfServiceKeys.customerLink(link.linkId),
                UpdateExpression: 'SET used.#action = :at',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(used.#action)',
                ExpressionAttributeNames: { '#action': action },
                ExpressionAttributeValues: { ':at': after.updatedAt },
              },
            },
          ]
        : []),
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(before.tenantId, before.invoiceNumber),
          UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: '#status = :open AND updatedAt = :before',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        },
      },
      ...(opened
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...selfServiceKeys.dispute(before.tenantId, opened.id),
                  disputeId: opened.id,
                  invoiceNumber: before.invoiceNumber,
                  customerId: before.customer.id,
                  reason: opened.reason,
                  openedAt: opened.openedAt,
                  balance: before.balance,
                  currency: before.currency,
                },
              },
            },
          ]
        : []),
      ...eventPuts(this.tableName, before, events),
    ]);
    if (!failed) return 'recorded';
    return link && failed[0] ? 'already-used' : 'changed';
  }

  async agreePaymentPlan(before: Invoice, plan: PaymentPlan, events: TimelineEvent[]): Promise<'agreed' | 'changed'> {
    const failed = await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(before.tenantId, before.invoiceNumber),
          UpdateExpression: 'SET paymentPlan = :plan, updatedAt = :at',
          ConditionExpression: 'attribute_not_exists(paymentPlan) AND #status = :open AND balance = :balance AND updatedAt = :before',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':plan': plan, ':at': plan.agreedAt, ':open': 'open', ':balance': before.balance, ':before': before.updatedAt },
        },
      },
      ...eventPuts(this.tableName, before, events),
    ]);
    return failed ? 'changed' : 'agreed';
  }

  async breakPaymentPlan(invoice: Invoice, plan: PaymentPlan, events: TimelineEvent[]): Promise<boolean> {
    const failed = await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(invoice.tenantId, invoice.invoiceNumber),
          UpdateExpression: 'SET paymentPlan = :plan',
          ConditionExpression: 'paymentPlan.id = :id AND paymentPlan.#status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':plan': plan, ':id': plan.id, ':active': 'active' },
        },
      },
      ...eventPuts(this.tableName, invoice, events),
    ]);
    return !failed;
  }

  async openDisputes(tenantId: string): Promise<DisputeListing[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      // Resolved disputes stay stored (a second resolve must be refused), but only open ones are listed.
      FilterExpression: 'attribute_not_exists(#status)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': selfServiceKeys.disputes(tenantId) },
      ConsistentRead: true,
    });
    return items.map((item) => disputeListingItemSchema.parse(withoutKeys(item))).sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0));
  }

  async getDispute(tenantId: string, disputeId: string): Promise<DisputeListing | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: selfServiceKeys.dispute(tenantId, disputeId), ConsistentRead: true }));
    return Item ? disputeListingItemSchema.parse(withoutKeys(Item)) : undefined;
  }

  async resolveDispute(before: Invoice, after: Pick<Invoice, 'status' | 'balance' | 'dispute' | 'updatedAt'>, events: TimelineEvent[]): Promise<'resolved' | 'already-resolved' | 'changed'> {
    const dispute = after.dispute;
    if (!dispute || !before.dispute) throw new Error('resolveDispute needs the dispute being resolved');
    const failed = await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: selfServiceKeys.dispute(before.tenantId, dispute.id),
          UpdateExpression: 'SET #status = :resolved, resolvedAt = :at, resolution = :resolution',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#status)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':resolved': 'resolved', ':at': after.updatedAt, ':resolution': dispute.resolution },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(before.tenantId, before.invoiceNumber),
          UpdateExpression: 'SET dispute = :dispute, balance = :balance, #status = :status, updatedAt = :at',
          ConditionExpression: 'dispute.id = :id AND dispute.#status = :open AND #status = :statusBefore AND balance = :balanceBefore',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':dispute': dispute,
            ':balance': after.balance,
            ':status': after.status,
            ':at': after.updatedAt,
            ':id': dispute.id,
            ':open': 'open',
            ':statusBefore': before.status,
            ':balanceBefore': before.balance,
          },
        },
      },
      ...eventPuts(this.tableName, before, events),
    ]);
    if (!failed) return 'resolved';
    // The caller reads the invoice again: a resolved dispute is then refused, another change re-planned.
    return failed[0] ? 'already-resolved' : 'changed';
  }

  async unappliedPayments(tenantId: string): Promise<Payment[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': unappliedKeys.partition(tenantId) },
      ConsistentRead: true,
    });
    return items.map((item) => paymentItemSchema.parse(withoutKeys(item)));
  }

  async openInvoicesOf(tenantId: string, customerId: string, limit: number): Promise<Invoice[]> {
    const numbers: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: customerIndex.name,
          KeyConditionExpression: 'customerPk = :pk',
          FilterExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pk': customerIndex.partition(tenantId, customerId), ':open': 'open' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) if (typeof item['invoiceNumber'] === 'string') numbers.push(item['invoiceNumber']);
      startKey = numbers.length >= limit ? undefined : page.LastEvaluatedKey;
    } while (startKey);
    // The index is eventually consistent: read each invoice as it is now.
    const invoices = await Promise.all(numbers.slice(0, limit).map((number) => this.get(tenantId, number)));
    return invoices.filter((invoice): invoice is Invoice => invoice?.status === 'open');
  }

  async getPayment(tenantId: string, paymentId: string): Promise<Payment | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.payment(tenantId, paymentId), ConsistentRead: true }),
    );
    return Item ? paymentItemSchema.parse(withoutKeys(Item)) : undefined;
  }

  async markFailed(tenantId: string, invoiceNumber: string, failure: NonNullable<Invoice['workflowError']>, event: TimelineEvent): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.invoice(tenantId, invoiceNumber),
        UpdateExpression: 'SET workflowError = :failure',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':failure': failure },
      }),
    ).catch((error: unknown) => {
      // A workflow for an invoice that does not exist has nothing to mark; the event log says why.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
    await this.appendEvent(tenantId, invoiceNumber, event);
  }

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

  async closeInvoice(invoice: Invoice, status: Invoice['status'], events: TimelineEvent[]): Promise<boolean> {
    const at = events[0]?.at ?? invoice.updatedAt;
    const failed = await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(invoice.tenantId, invoice.invoiceNumber),
          UpdateExpression: 'SET #status = :status, updatedAt = :at',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':at': at, ':open': 'open' },
        },
      },
      ...eventPuts(this.tableName, invoice, events),
    ]);
    return !failed;
  }

  async nextRevision(invoice: Invoice, event: TimelineEvent): Promise<boolean> {
    const failed = await transactWrite(this.db, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invoice(invoice.tenantId, invoice.invoiceNumber),
          UpdateExpression: 'SET revision = :next',
          ConditionExpression: 'revision = :current AND #status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':next': invoice.revision + 1, ':current': invoice.revision, ':open': 'open' },
        },
      },
      ...eventPuts(this.tableName, invoice, [event]),
    ]);
    return !failed;
  }

  async linkKey(tenantId: string): Promise<string> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.linkKey(tenantId), ConsistentRead: true }));
    if (typeof Item?.['key'] === 'string') return Item['key'];
    try {
      const key = newLinkKey();
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.linkKey(tenantId), key }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return key;
    } catch (error) {
      // Another cold start created it at the same moment: use theirs.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return this.linkKey(tenantId);
    }
  }

  private queryPrefix(tenantId: string, invoiceNumber: string, prefix: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.invoice(tenantId, invoiceNumber).pk, ':prefix': prefix },
      ConsistentRead: true,
    });
  }
}

function parseInvoice(item: Record<string, unknown>): Invoice {
  return invoiceItemSchema.parse(withoutKeys(item)) as Invoice;
}

