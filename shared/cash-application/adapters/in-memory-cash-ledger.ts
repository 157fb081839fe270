import type { BankTransactionRecord, CashLedger } from '../cash-ledger.port.js';
import { payerNameKey } from '../payer-names.js';

/** The cash ledger in memory, for unit tests, the bench and the contract suite. */
export class InMemoryCashLedger implements CashLedger {
  private readonly transactions = new Map<string, BankTransactionRecord>();
  private readonly payers = new Map<string, Set<string>>();

  recordTransaction(record: BankTransactionRecord): Promise<BankTransactionRecord> {
    const key = `${record.tenantId}|${record.transactionKey}`;
    const existing = this.transactions.get(key);
    if (existing) return Promise.resolve(structuredClone(existing));
    this.transactions.set(key, structuredClone(record));
    return Promise.resolve(structuredClone(record));
  }

  getTransaction(tenantId: string, transactionKey: string): Promise<BankTransactionRecord | undefined> {
    const found = this.transactions.get(`${tenantId}|${transactionKey}`);
    return Promise.resolve(found ? structuredClone(found) : undefined);
  }

  updateTransaction(record: BankTransactionRecord): Promise<void> {
    this.transactions.set(`${record.tenantId}|${record.transactionKey}`, structuredClone(record));
    return Promise.resolve();
  }

  transactionsOfPayments(tenantId: string, paymentIds: readonly string[]): Promise<BankTransactionRecord[]> {
    const wanted = new Set(paymentIds);
    return Promise.resolve([...this.transactions.values()].filter((record) => record.tenantId === tenantId && wanted.has(record.paymentId)).map((record) => structuredClone(record)));
  }

  rememberPayer(tenantId: string, payer: { iban?: string; name?: string }, customerId: string): Promise<void> {
    for (const key of payerKeys(tenantId, payer)) {
      const customers = this.payers.get(key) ?? new Set<string>();
      customers.add(customerId);
      this.payers.set(key, customers);
    }
    return Promise.resolve();
  }

  customersOfPayer(tenantId: string, payer: { iban?: string; name?: string }): Promise<{ byIban: string[]; byName: string[] }> {
    const of = (key: string | undefined) => (key ? [...(this.payers.get(key) ?? [])].sort() : []);
    return Promise.resolve({ byIban: of(payer.iban ? `${tenantId}|iban|${payer.iban}` : undefined), byName: of(payer.name && payerNameKey(payer.name) ? `${tenantId}|name|${payerNameKey(payer.name)}` : undefined) });
  }
}

function payerKeys(tenantId: string, payer: { iban?: string; name?: string }): string[] {
  const keys: string[] = [];
  if (payer.iban) keys.push(`${tenantId}|iban|${payer.iban}`);
  if (payer.name && payerNameKey(payer.name)) keys.push(`${tenantId}|name|${payerNameKey(payer.name)}`);
  return keys;
}
