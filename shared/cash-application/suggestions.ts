import type { Invoice } from '../invoicing/index.js';
import type { BankTransaction } from './bank-entry.js';
import type { InvoiceLookup } from './invoice-lookup.port.js';
import type { Suggestion } from './match-types.js';

const MAX_VARIANTS = 24;
const MAX_OPEN = 20;

/**
 * Numbers a payer may have meant: letters typed for digits (O→0, I/l→1) and two neighbouring digits
 * swapped. Only ever suggestions: a typo may as well name another customer's invoice.
 */
export function fuzzyVariants(candidates: readonly string[]): string[] {
  const variants = new Set<string>();
  for (const candidate of candidates) {
    variants.add(candidate.replace(/[Oo]/g, '0').replace(/[Il]/g, '1'));
    for (let i = 0; i + 1 < candidate.length; i++) {
      const a = candidate[i]!;
      const b = candidate[i + 1]!;
      if (a !== b && /\d/.test(a) && /\d/.test(b)) variants.add(candidate.slice(0, i) + b + a + candidate.slice(i + 2));
    }
  }
  for (const candidate of candidates) variants.delete(candidate);
  return [...variants].slice(0, MAX_VARIANTS);
}

/** For the customers known to pay from this account or under this name: one open invoice of the amount, or two or three that sum to it. */
export async function suggestionsFor(lookup: InvoiceLookup, tenantId: string, tx: BankTransaction, customerIds: readonly string[]): Promise<Suggestion[]> {
  const suggestions: Suggestion[] = [];
  for (const customerId of customerIds.slice(0, 3)) {
    const open = (await lookup.openInvoicesOf(tenantId, customerId, MAX_OPEN)).filter((invoice) => invoice.status === 'open' && invoice.currency === tx.currency && invoice.balance > 0);
    const wanted = [tx.amount, ...(tx.instructed && tx.instructed.currency === tx.currency ? [tx.instructed.amount] : [])];
    for (const invoice of open) if (wanted.includes(invoice.balance)) suggestions.push({ invoiceNumbers: [invoice.invoiceNumber], customerId, balance: invoice.balance, why: 'known-payer-same-amount' });
    for (const combination of combinationsSumming(open, wanted)) suggestions.push({ invoiceNumbers: combination.map((invoice) => invoice.invoiceNumber), customerId, balance: combination.reduce((sum, invoice) => sum + invoice.balance, 0), why: 'open-invoices-sum' });
  }
  return suggestions;
}

/** Pairs and triples of open invoices whose balances add up to one of the amounts (at most 3 found). */
function combinationsSumming(open: readonly Invoice[], amounts: readonly number[]): Invoice[][] {
  const found: Invoice[][] = [];
  for (let i = 0; i < open.length && found.length < 3; i++) {
    for (let j = i + 1; j < open.length && found.length < 3; j++) {
      const two = open[i]!.balance + open[j]!.balance;
      if (amounts.includes(two)) found.push([open[i]!, open[j]!]);
      for (let k = j + 1; k < open.length && found.length < 3; k++) if (amounts.includes(two + open[k]!.balance)) found.push([open[i]!, open[j]!, open[k]!]);
    }
  }
  return found;
}
