import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Invoice } from '../invoice.js';
import type { PaymentReferenceLookup } from '../payment-reference.port.js';
import { normalizePaymentReference, paymentReferenceIndex } from '../../kernel/index.js';
import { invoiceNumbersInIndex, readInvoice } from './dynamo-invoice-reads.js';

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
    const invoice = await readInvoice(this.db, this.tableName, tenantId, numbers[0]!);
    return invoice?.paymentReference === normalized ? invoice : undefined;
  }

  invoicesWithPaymentReference(tenantId: string, reference: string, limit: number): Promise<string[]> {
    return invoiceNumbersInIndex(
      this.db,
      {
        TableName: this.tableName,
        IndexName: paymentReferenceIndex.name,
        KeyConditionExpression: 'paymentRefKey = :key',
        ExpressionAttributeValues: { ':key': paymentReferenceIndex.partition(tenantId, normalizePaymentReference(reference)) },
        Limit: limit,
      },
      limit,
    );
  }
}
