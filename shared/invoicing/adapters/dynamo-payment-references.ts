import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Invoice } from '../invoice.js';
import type { PaymentReferenceLookup } from '../payment-reference.port.js';
import { keys, normalizePaymentReference, paymentReferenceIndex, withoutKeys } from '../../kernel/index.js';
import { invoiceItemSchema } from './invoice-items.js';

/** Invoices by payment reference through the sparse `byPaymentReference` index (dynamo-keys.ts). */
export class DynamoPaymentReferences implements PaymentReferenceLookup {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findInvoiceByPaymentReference(tenantId: string, reference: string): Promise<Invoice | undefined> {
    const normalized = normalizePaymentReference(reference);
    const numbers = await this.invoicesWithPaymentReference(tenantId, normalized, 2);
    if (numbers.length !== 1) return undefined;
    // The index is eventually consistent: read the invoice as it is now, and only if it still carries the reference.
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.invoice(tenantId, numbers[0]!), ConsistentRead: true }));
    const invoice = Item ? invoiceItemSchema.parse(withoutKeys(Item)) : undefined;
    return invoice?.paymentReference === normalized ? invoice : undefined;
  }

  async invoicesWithPaymentReference(tenantId: string, reference: string, limit: number): Promise<string[]> {
    const numbers: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: paymentReferenceIndex.name,
          KeyConditionExpression: 'paymentRefKey = :key',
          ExpressionAttributeValues: { ':key': paymentReferenceIndex.partition(tenantId, normalizePaymentReference(reference)) },
          Limit: limit,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) if (typeof item['invoiceNumber'] === 'string') numbers.push(item['invoiceNumber']);
      startKey = numbers.length >= limit ? undefined : page.LastEvaluatedKey;
    } while (startKey);
    return numbers.slice(0, limit);
  }
}
