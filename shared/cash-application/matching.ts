import type { Invoice } from '../invoicing/index.js';
import { normalizePaymentReference, parsePaymentReference } from '../kernel/index.js';
import { invoiceNumberCandidates } from '../payments/index.js';
import type { BankTransaction } from './bank-entry.js';
import type { CashLedger } from './cash-ledger.port.js';
import type { InvoiceLookup } from './invoice-lookup.port.js';
import { namesAgree } from './payer-names.js';
import { fuzzyVariants, suggestionsFor } from './suggestions.js';
import type { Suggestion } from './match-types.js';

export type Decision =
  | { outcome: 'by-reference' | 'by-number'; customerId: string; invoiceNumbers: string[] }
  | { outcome: 'suggested' | 'unapplied'; reason: string; suggestions: Suggestion[] };

export type MatchingDeps = { lookup: InvoiceLookup; ledger: Pick<CashLedger, 'customersOfPayer'> };

const MAX_STRUCTURED = 5;

/**
 * How one credit transaction is applied, in the order: its structured reference equal to an
 * invoice's paymentReference; else invoice numbers in its remittance text; else unapplied, with
 * suggestions. An automatic match must be certain: every invoice open, in the currency, of one
 * customer, owing at least the amount (a partial payment is fine, an overpayment is not), no IBAN of
 * another customer paying, and, for numbers (which have no check digit), the payer's name or account
 * or the exact amount confirming it. Anything less is a suggestion.
 */
export async function decide(deps: MatchingDeps, tenantId: string, tx: BankTransaction): Promise<Decision> {
  const payer = await deps.ledger.customersOfPayer(tenantId, payerOf(tx));
  const structured = [...new Set(tx.structuredRefs.map(normalizePaymentReference))].slice(0, MAX_STRUCTURED);
  const byReference: Invoice[] = [];
  const unresolved: string[] = [];
  for (const reference of structured) {
    const invoice = await deps.lookup.byPaymentReference(tenantId, reference);
    if (invoice) byReference.push(invoice);
    else unresolved.push(reference);
  }
  if (byReference.length > 0) {
    // A reference whose check digits make a typo impossible to mistake for another invoice's.
    const checked = structured.filter((reference) => !unresolved.includes(reference)).every((reference) => parsePaymentReference(reference) !== undefined);
    return judge(tx, unique(byReference), payer, 'by-reference', checked);
  }
  const candidates = [...new Set([...unresolved, ...invoiceNumberCandidates(tx.text)])];
  const named = (await Promise.all(candidates.map((number) => deps.lookup.byNumber(tenantId, number)))).filter((invoice): invoice is Invoice => invoice !== undefined);
  if (named.length > 0) return judge(tx, unique(named), payer, 'by-number', false);
  const fuzzy: Invoice[] = [];
  for (const variant of fuzzyVariants(candidates)) {
    const invoice = await deps.lookup.byNumber(tenantId, variant);
    if (invoice && invoice.status === 'open' && invoice.currency === tx.currency) fuzzy.push(invoice);
  }
  const suggestions: Suggestion[] = unique(fuzzy).map((invoice) => ({ invoiceNumbers: [invoice.invoiceNumber], customerId: invoice.customer.id, balance: invoice.balance, why: 'fuzzy-number' }));
  suggestions.push(...(await suggestionsFor(deps.lookup, tenantId, tx, [...new Set([...payer.byIban, ...payer.byName])])));
  const distinct = dedupe(suggestions);
  return distinct.length > 0 ? { outcome: 'suggested', reason: 'no reference or invoice number matched', suggestions: distinct } : { outcome: 'unapplied', reason: 'no reference or invoice number matched', suggestions: [] };
}

function judge(tx: BankTransaction, invoices: Invoice[], payer: { byIban: string[]; byName: string[] }, outcome: 'by-reference' | 'by-number', checkedReference: boolean): Decision {
  const suggest = (why: Suggestion['why'], reason: string): Decision => ({
    outcome: 'suggested',
    reason,
    suggestions: invoices.filter((invoice) => invoice.status === 'open' && invoice.currency === tx.currency).map((invoice) => ({ invoiceNumbers: [invoice.invoiceNumber], customerId: invoice.customer.id, balance: invoice.balance, why })),
  });
  const notOpen = invoices.find((invoice) => invoice.status !== 'open' || invoice.balance === 0);
  if (notOpen) return suggest('invoice-not-open', `invoice ${notOpen.invoiceNumber} is ${notOpen.status}`);
  const otherCurrency = invoices.find((invoice) => invoice.currency !== tx.currency);
  if (otherCurrency) return suggest('amount-mismatch', `invoice ${otherCurrency.invoiceNumber} is in ${otherCurrency.currency}, the transfer in ${tx.currency}`);
  const customers = new Set(invoices.map((invoice) => invoice.customer.id));
  if (customers.size > 1) return suggest('other-customer', `the invoices named belong to ${customers.size} customers`);
  const customerId = invoices[0]!.customer.id;
  if (payer.byIban.length > 0 && !payer.byIban.includes(customerId)) return suggest('other-customer', `the payer's account was seen paying another customer`);
  const balance = invoices.reduce((sum, invoice) => sum + invoice.balance, 0);
  if (tx.amount > balance) return suggest('amount-mismatch', `${tx.amount} is more than the ${balance} the invoices owe`);
  const exact = tx.amount === balance || (tx.instructed !== undefined && tx.instructed.currency === tx.currency && tx.instructed.amount === balance);
  const confirmed = payer.byIban.includes(customerId) || payer.byName.includes(customerId) || (tx.debtorName !== undefined && namesAgree(tx.debtorName, invoices[0]!.customer.name));
  if (!checkedReference && !exact && !confirmed) return suggest('unconfirmed-payer', 'a partial amount from a payer not known to be this customer');
  return { outcome, customerId, invoiceNumbers: invoices.map((invoice) => invoice.invoiceNumber) };
}

export const payerOf = (tx: BankTransaction): { iban?: string; name?: string } => ({ ...(tx.debtorIban ? { iban: tx.debtorIban } : {}), ...(tx.debtorName ? { name: tx.debtorName } : {}) });

function unique(invoices: Invoice[]): Invoice[] {
  const seen = new Map<string, Invoice>();
  for (const invoice of invoices) if (!seen.has(invoice.invoiceNumber)) seen.set(invoice.invoiceNumber, invoice);
  return [...seen.values()];
}

function dedupe(suggestions: Suggestion[]): Suggestion[] {
  const seen = new Set<string>();
  return suggestions.filter((suggestion) => {
    const key = suggestion.invoiceNumbers.join(',');
    return !seen.has(key) && seen.add(key) !== undefined;
  }).slice(0, 5);
}
