import { BatchGetCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { isConditionFailure, queryAll, withoutKeys } from '../../kernel/index.js';
import type { BankTransactionRecord, CashLedger } from '../cash-ledger.port.js';
import { matchOutcomes, suggestionReasons } from '../match-types.js';
import { payerNameKey } from '../payer-names.js';
import { paymentRequestId } from '../../payments/index.js';

/**
 * | item             | pk                                   | sk              |
 * | ---------------- | ------------------------------------ | --------------- |
 * | bank transaction | T#<tenant>#BANKTX#<paymentId>        | #BANKTX         |
 * | payer            | T#<tenant>#PAYER#<iban|name>#<value> | CUST#<customer> |
 * A transaction is keyed by the payment it becomes (whose id is a hash of the bank's identity), so the
 * unapplied list finds its suggestions by payment id.
 */
const txKey = (tenantId: string, paymentId: string) => ({ pk: `T#${tenantId}#BANKTX#${paymentId}`, sk: '#BANKTX' });
const payerPk = (tenantId: string, by: 'iban' | 'name', value: string) => `T#${tenantId}#PAYER#${by}#${value}`;
const paymentOf = (tenantId: string, transactionKey: string) => paymentRequestId(tenantId, { amount: 1, currency: 'EUR', paidAt: '2000-01-01', externalId: transactionKey });

const recordSchema = z.object({
  tenantId: z.string(),
  transactionKey: z.string(),
  paymentId: z.string(),
  jobId: z.string(),
  outcome: z.enum(matchOutcomes),
  invoiceNumbers: z.array(z.string()),
  amount: z.number().int(),
  currency: z.string(),
  suggestions: z.array(
    z.object({
      invoiceNumbers: z.array(z.string()),
      customerId: z.string(),
      balance: z.number().int(),
      why: z.enum(suggestionReasons),
    }),
  ),
  debtorName: z.string().optional(),
  debtorIban: z.string().optional(),
  reversedBy: z.string().optional(),
  note: z.string().optional(),
  recordedAt: z.string(),
});

export class DynamoCashLedger implements CashLedger {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordTransaction(record: BankTransactionRecord): Promise<BankTransactionRecord> {
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...txKey(record.tenantId, record.paymentId), ...record }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return record;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const stored = await this.getTransaction(record.tenantId, record.transactionKey);
      if (!stored) throw error;
      return stored;
    }
  }

  async getTransaction(tenantId: string, transactionKey: string): Promise<BankTransactionRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: txKey(tenantId, paymentOf(tenantId, transactionKey)), ConsistentRead: true }));
    return Item ? recordSchema.parse(withoutKeys(Item)) : undefined;
  }

  async updateTransaction(record: BankTransactionRecord): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...txKey(record.tenantId, record.paymentId), ...record } }));
  }

  async transactionsOfPayments(tenantId: string, paymentIds: readonly string[]): Promise<BankTransactionRecord[]> {
    const records: BankTransactionRecord[] = [];
    const ids = [...new Set(paymentIds)];
    for (let start = 0; start < ids.length; start += 100) {
      let pending: Record<string, unknown>[] = ids.slice(start, start + 100).map((id) => txKey(tenantId, id));
      for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
        const { Responses, UnprocessedKeys } = await this.db.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }));
        for (const item of Responses?.[this.tableName] ?? []) records.push(recordSchema.parse(withoutKeys(item)));
        pending = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return records;
  }

  async rememberPayer(tenantId: string, payer: { iban?: string; name?: string }, customerId: string): Promise<void> {
    for (const pk of payerPartitions(tenantId, payer)) await this.db.send(new PutCommand({ TableName: this.tableName, Item: { pk, sk: `CUST#${customerId}`, customerId } }));
  }

  async customersOfPayer(tenantId: string, payer: { iban?: string; name?: string }): Promise<{ byIban: string[]; byName: string[] }> {
    const of = async (pk: string | undefined) => (pk ? (await queryAll(this.db, { TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } })).map((item) => z.object({ customerId: z.string() }).parse(item).customerId).sort() : []);
    const name = payer.name ? payerNameKey(payer.name) : '';
    const [byIban, byName] = await Promise.all([of(payer.iban ? payerPk(tenantId, 'iban', payer.iban) : undefined), of(name ? payerPk(tenantId, 'name', name) : undefined)]);
    return { byIban, byName };
  }
}

function payerPartitions(tenantId: string, payer: { iban?: string; name?: string }): string[] {
  const name = payer.name ? payerNameKey(payer.name) : '';
  return [...(payer.iban ? [payerPk(tenantId, 'iban', payer.iban)] : []), ...(name ? [payerPk(tenantId, 'name', name)] : [])];
}
