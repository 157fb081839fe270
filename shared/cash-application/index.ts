// The cash-application module's only door: bank statements (ISO 20022 camt.053/054) matched to invoices.
export { DynamoCashLedger } from './adapters/dynamo-cash-ledger.js';
export { InMemoryCashLedger } from './adapters/in-memory-cash-ledger.js';
export { RepositoryInvoiceLookup } from './adapters/repository-invoice-lookup.js';
export type { BankEntry, BankTransaction } from './bank-entry.js';
export { readCamt } from './camt-reader.js';
export type { CamtEvent } from './camt-reader.js';
export type { BankTransactionRecord, CashLedger } from './cash-ledger.port.js';
export type { CashApplicationDeps } from './deps.js';
export { importStatement } from './import-statement.js';
export type { StatementResult } from './import-statement.js';
export { namesAgree } from './payer-names.js';
export { StatementFormatError } from './statement-format-error.js';
export { statementReport } from './statement-report.js';
export type { StatementReport } from './statement-report.js';
export { suggestionsOfPayments } from './unapplied-suggestions.js';
export { transactionKey } from './transaction-identity.js';
