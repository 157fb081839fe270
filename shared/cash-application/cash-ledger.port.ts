import type { MatchOutcome, Suggestion } from './match-types.js';

/** What arflow keeps of one bank transaction: which payment it became and how it was matched. */
export interface BankTransactionRecord {
  tenantId: string;
  /** The bank's identity of the transaction (see transaction-identity.ts); the payment's externalId. */
  transactionKey: string;
  paymentId: string;
  /** The import job of the statement that first carried it. */
  jobId: string;
  outcome: MatchOutcome;
  /** The invoices an automatic match applies it to. */
  invoiceNumbers: string[];
  amount: number;
  currency: string;
  suggestions: Suggestion[];
  debtorName?: string;
  debtorIban?: string;
  /** Set when a later entry reversed it. */
  reversedBy?: string;
  /** Why a match decided earlier was not applied after all. */
  note?: string;
  recordedAt: string;
}

/** Bank transactions already seen, and the payers (IBAN, name) seen paying each customer. */
export interface CashLedger {
  /** Stores the record unless one with its key exists; returns the stored one. */
  recordTransaction(record: BankTransactionRecord): Promise<BankTransactionRecord>;
  getTransaction(tenantId: string, transactionKey: string): Promise<BankTransactionRecord | undefined>;
  /** Replaces a stored record (its outcome after the payment was recorded, or its reversal). */
  updateTransaction(record: BankTransactionRecord): Promise<void>;
  /** The records of these payments (the unapplied list's suggestions). */
  transactionsOfPayments(tenantId: string, paymentIds: readonly string[]): Promise<BankTransactionRecord[]>;
  rememberPayer(tenantId: string, payer: { iban?: string; name?: string }, customerId: string): Promise<void>;
  /** Customers this IBAN, else this name, was seen paying. */
  customersOfPayer(tenantId: string, payer: { iban?: string; name?: string }): Promise<{ byIban: string[]; byName: string[] }>;
}
