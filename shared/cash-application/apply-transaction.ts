import { ArflowError } from '../kernel/index.js';
import { paymentRequestId, receivePayment, type PaymentRequest } from '../payments/index.js';
import type { BankEntry, BankTransaction } from './bank-entry.js';
import type { BankTransactionRecord } from './cash-ledger.port.js';
import type { CashApplicationDeps } from './deps.js';
import type { MatchOutcome } from './match-types.js';
import { decide, payerOf } from './matching.js';
import { transactionKey } from './transaction-identity.js';

export type TransactionResult = { outcome: MatchOutcome; fresh: boolean; amount: number; currency: string; paymentId: string } | { outcome: 'rejected'; reason: string };

/**
 * One credit transaction, once: its match is decided and stored under the bank's identity of it before
 * the payment is recorded (with that identity as its external id), so a retry, a resumed import or the
 * same transaction in another statement finds the stored decision and the stored payment, and applies
 * nothing twice.
 */
export async function applyTransaction(deps: CashApplicationDeps, tenantId: string, jobId: string, entry: BankEntry, tx: BankTransaction): Promise<TransactionResult> {
  const key = transactionKey(entry, tx);
  const paidAt = entry.bookingDate ?? entry.valueDate ?? deps.clock.now().toISOString().slice(0, 10);
  const base: PaymentRequest = { amount: tx.amount, currency: tx.currency, paidAt, method: 'bank_transfer', externalId: key, ...(tx.text ? { reference: tx.text.slice(0, 500) } : {}) };
  let record = await deps.ledger.getTransaction(tenantId, key);
  const fresh = record === undefined;
  if (!record) {
    const decision = await decide(deps, tenantId, tx);
    record = await deps.ledger.recordTransaction({
      tenantId,
      transactionKey: key,
      paymentId: paymentRequestId(tenantId, base),
      jobId,
      outcome: decision.outcome,
      invoiceNumbers: 'invoiceNumbers' in decision ? decision.invoiceNumbers : [],
      amount: tx.amount,
      currency: tx.currency,
      suggestions: 'suggestions' in decision ? decision.suggestions : [],
      ...(tx.debtorName ? { debtorName: tx.debtorName } : {}),
      ...(tx.debtorIban ? { debtorIban: tx.debtorIban } : {}),
      recordedAt: deps.clock.now().toISOString(),
    });
  }
  const matched = record.outcome === 'by-reference' || record.outcome === 'by-number';
  try {
    const request: PaymentRequest = matched ? { ...base, allocations: record.invoiceNumbers.map((invoiceNumber) => ({ invoiceNumber })) } : base;
    const received = await receivePayment(deps, tenantId, request, { matchedBy: record.outcome === 'by-reference' ? 'payment-reference' : 'reference', autoMatch: false });
    if (matched && received.outcome === 'applied' && received.payment.customerId) await deps.ledger.rememberPayer(tenantId, payerOf(tx), received.payment.customerId);
  } catch (error) {
    if (!(error instanceof ArflowError)) throw error;
    if (error.code === 'payment_id_reused') return { outcome: 'rejected', reason: `the bank's references name a transaction recorded before with another amount or date (${error.message})` };
    if (!matched) return { outcome: 'rejected', reason: error.message };
    // The invoices changed between the decision and now (paid elsewhere meanwhile): the cash stays unapplied for a person.
    record = await demote(deps, record, error.message);
    await receivePayment(deps, tenantId, base, { autoMatch: false });
  }
  return { outcome: record.outcome, fresh, amount: tx.amount, currency: tx.currency, paymentId: record.paymentId };
}

async function demote(deps: CashApplicationDeps, record: BankTransactionRecord, reason: string): Promise<BankTransactionRecord> {
  const suggestions = record.invoiceNumbers.length > 0 ? [{ invoiceNumbers: record.invoiceNumbers, customerId: '', balance: 0, why: 'invoice-not-open' as const }] : [];
  const demoted: BankTransactionRecord = { ...record, outcome: 'suggested', invoiceNumbers: [], suggestions, note: reason.slice(0, 300) };
  await deps.ledger.updateTransaction(demoted);
  return demoted;
}
