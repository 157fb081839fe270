import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Payment } from '../payment.js';
import { withoutKeys } from '../../kernel/index.js';
import { paymentItemSchema } from './payment-items.js';
import { eventPuts, transactWrite } from '../../kernel/index.js';
import { keys, unappliedKeys } from '../../kernel/index.js';
import { queryAll } from '../../kernel/index.js';
import type { InvoiceChange } from '../allocation.js';
import type { PaymentRepository } from '../payment.port.js';

/** Payments, their unapplied-cash entries and the invoice balances they change, in one transaction each. */
export class DynamoPaymentRepository implements PaymentRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

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

  async getPayment(tenantId: string, paymentId: string): Promise<Payment | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.payment(tenantId, paymentId), ConsistentRead: true }),
    );
    return Item ? paymentItemSchema.parse(withoutKeys(Item)) : undefined;
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
}
