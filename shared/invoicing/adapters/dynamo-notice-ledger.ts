import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Invoice } from '../invoice.js';
import type { NoticeRecord } from '../invoice-state.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { withoutKeys } from '../../kernel/index.js';
import { noticeItemSchema } from './invoice-items.js';
import { putEventOnce, transactWrite } from '../../kernel/index.js';
import { keys, sortKeyPrefix } from '../../kernel/index.js';
import { queryInvoicePartition } from '../../kernel/index.js';
import type { NoticeLedger } from '../notice-ledger.port.js';

/** The notice ledger: one item per (invoice, stage) in the invoice's partition. */
export class DynamoNoticeLedger implements NoticeLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async notices(tenantId: string, invoiceNumber: string): Promise<NoticeRecord[]> {
    const items = await queryInvoicePartition(this.db, this.tableName, tenantId, invoiceNumber, sortKeyPrefix.notice);
    return items.map((item) => noticeItemSchema.parse(withoutKeys(item)));
  }

  async claimNotice(invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'balance' | 'contentHash'>, stage: string, at: Date) {
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
          // Still open with the balance and content read, not disputed, not paused: a dispute, a pause or a correction by the
          // system of record that committed first stops the notice (a correction's is composed again).
          ConditionExpression:
            '#status = :open AND balance = :balance AND (attribute_not_exists(dispute) OR dispute.#status <> :open) AND (attribute_not_exists(pausedUntil) OR pausedUntil <= :at) AND contentHash = :contentHash',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open', ':balance': invoice.balance, ':at': notice.at, ':contentHash': invoice.contentHash },
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
    await putEventOnce(this.db, this.tableName, tenantId, invoiceNumber, event);
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
}
