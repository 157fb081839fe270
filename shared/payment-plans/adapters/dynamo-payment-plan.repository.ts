import { type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Invoice } from '../../invoicing/index.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { eventPuts, transactWrite } from '../../kernel/index.js';
import { keys } from '../../kernel/index.js';
import type { PaymentPlan } from '../../invoicing/index.js';
import type { PaymentPlanRepository } from '../payment-plan.port.js';

/** Payment plans, kept on the invoice item. */
export class DynamoPaymentPlanRepository implements PaymentPlanRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

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
}
