import type { BankEntry, BankTransaction } from './bank-entry.js';
import type { CashApplicationDeps } from './deps.js';
import { reversalKey, transactionKey } from './transaction-identity.js';

/**
 * A reversal (RvslInd) names the credit it takes back by the same references. The original's record
 * is marked reversed, once, so its payment shows as reversed cash in the unapplied list's detail and a
 * person can correct the invoices it paid. (Undoing allocations automatically needs a reversal in the
 * payments module, which does not exist yet.)
 */
export async function reverseTransaction(deps: CashApplicationDeps, tenantId: string, entry: BankEntry, tx: BankTransaction): Promise<'reversed' | 'unknown' | 'already'> {
  const key = transactionKey(entry, { ...tx, credit: true });
  const original = await deps.ledger.getTransaction(tenantId, key);
  if (!original) return 'unknown';
  if (original.reversedBy) return 'already';
  await deps.ledger.updateTransaction({ ...original, reversedBy: reversalKey(key) });
  return 'reversed';
}
