import { createHash } from 'node:crypto';
import type { BankEntry, BankTransaction } from './bank-entry.js';

/**
 * The bank's identity of a transaction, so that a statement dropped twice, or a camt.054 notification
 * followed by the day's camt.053, records it once. The strongest reference the bank gives wins: the
 * UETR (unique end to end), the payer's EndToEndId with the amount and the payer's account, the bank's
 * own AcctSvcrRef, the entry's references with the transaction's place in it; at worst the place in the
 * statement (a re-drop of the same file still finds it). A reversal carries the refs of what it
 * reverses, so its key finds the original.
 */
export function transactionKey(entry: BankEntry, tx: BankTransaction): string {
  const account = entry.statement.account ?? '';
  const endToEnd = tx.refs.endToEndId && tx.refs.endToEndId.toUpperCase() !== 'NOTPROVIDED' ? tx.refs.endToEndId : undefined;
  const identity = tx.refs.uetr
    ? ['uetr', tx.refs.uetr]
    : endToEnd
      ? ['e2e', endToEnd, tx.amount, tx.currency, tx.debtorIban ?? '']
      : tx.refs.acctSvcrRef
        ? ['asr', tx.refs.acctSvcrRef]
        : entry.acctSvcrRef
          ? ['entry-asr', entry.acctSvcrRef, tx.index]
          : entry.entryRef
            ? ['entry-ref', entry.entryRef, entry.bookingDate ?? '', tx.index]
            : ['position', entry.statement.id ?? '', entry.position, tx.index, tx.amount];
  return `camt_${createHash('sha256').update(JSON.stringify([account, ...identity])).digest('hex').slice(0, 40)}`;
}

/** The key a reversal entry is recorded under itself (its refs name the original). */
export const reversalKey = (originalKey: string): string => `rvsl_${originalKey}`;
