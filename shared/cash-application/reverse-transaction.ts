import { reversePayment } from '../payments/index.js';
import { restartWorkflow } from '../policy-assignment/index.js';
import type { BankEntry, BankTransaction } from './bank-entry.js';
import type { CashApplicationDeps } from './deps.js';
import { reversalKey, transactionKey } from './transaction-identity.js';

/**
 * A reversal (RvslInd) names the credit it takes back by the same references. The payment that
 * credit became is reversed (its allocations undone, once: the payment keeps when it was reversed),
 * the invoices it had paid are open again with their workflows restarted, and the transaction's record
 * says it was reversed. A retry finds the payment reversed and changes nothing.
 */
export async function reverseTransaction(deps: CashApplicationDeps, tenantId: string, entry: BankEntry, tx: BankTransaction): Promise<'reversed' | 'unknown' | 'already'> {
  const key = transactionKey(entry, { ...tx, credit: true });
  const original = await deps.ledger.getTransaction(tenantId, key);
  if (!original) return 'unknown';
  const payment = await deps.payments.getPayment(tenantId, original.paymentId);
  const outcome = payment ? await reversePayment(deps, tenantId, original.paymentId, 'reversed by the bank') : { outcome: 'already' as const, reopened: [] };
  // Collection resumes where it stood: the reopened invoice plans from its ledger on a new revision.
  for (const invoice of outcome.reopened) await restartWorkflow(deps, invoice, 'a payment was reversed by the bank');
  if (!original.reversedBy) await deps.ledger.updateTransaction({ ...original, reversedBy: reversalKey(key) });
  return original.reversedBy ? 'already' : 'reversed';
}
