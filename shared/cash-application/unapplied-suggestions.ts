import type { CashLedger } from './cash-ledger.port.js';
import type { Suggestion } from './match-types.js';

/** For GET /payments/unapplied: the bank details and suggested matches of the payments that came from a statement. */
export async function suggestionsOfPayments(ledger: Pick<CashLedger, 'transactionsOfPayments'>, tenantId: string, paymentIds: readonly string[]): Promise<Map<string, { suggestions: Suggestion[]; debtorName?: string; debtorIban?: string; reversed: boolean }>> {
  const records = await ledger.transactionsOfPayments(tenantId, paymentIds);
  return new Map(records.map((record) => [record.paymentId, { suggestions: record.suggestions, ...(record.debtorName ? { debtorName: record.debtorName } : {}), ...(record.debtorIban ? { debtorIban: record.debtorIban } : {}), reversed: record.reversedBy !== undefined }]));
}
