import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Payment } from '../payment.js';
import { withoutKeys } from '../../kernel/index.js';
import { paymentItemSchema } from './payment-items.js';
import { applyMoneyDocument } from '../../kernel/index.js';
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

  applyPayment(payment: Payment, changes: InvoiceChange[], previous?: Payment): Promise<'applied' | 'duplicate' | 'stale'> {
    const { tenantId, paymentId } = payment;
    return applyMoneyDocument(this.db, this.tableName, { key: keys.payment(tenantId, paymentId), unappliedKey: unappliedKeys.item(tenantId, payment.recordedAt, paymentId), item: payment }, changes, previous);
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
