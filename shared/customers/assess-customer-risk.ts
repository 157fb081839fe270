import { dateInZone } from '../kernel/index.js';
import { mapWithConcurrency } from '../kernel/index.js';
import { creditLimitAlert } from './credit-limit.js';
import type { CustomerProfile } from './customer.js';
import { reportInvoiceOf } from '../reports/index.js';
import type { ReportInvoice } from '../reports/index.js';
import { customerRisk, type CustomerRisk } from '../reports/index.js';
import type { CustomersDeps } from './deps.js';

type Deps = Pick<CustomersDeps, 'invoices' | 'customers' | 'clock'>;

export type CreditLimitChange = 'raised' | 'cleared' | 'unchanged';

/**
 * A customer's invoices with their timelines, as the reports read them. `recent`: the customer's invoices
 * just stored, which its list, an eventually consistent index, may not show yet.
 */
export async function customerReportInvoices(deps: Pick<Deps, 'invoices' | 'customers'>, tenantId: string, customerId: string, recent: readonly string[] = []): Promise<ReportInvoice[]> {
  const numbers = [...new Set([...(await deps.customers.invoicesOf(tenantId, customerId)), ...recent])];
  const invoices = await mapWithConcurrency(numbers, 8, async (invoiceNumber) => {
    const [invoice, timeline] = await Promise.all([deps.invoices.get(tenantId, invoiceNumber), deps.invoices.timeline(tenantId, invoiceNumber)]);
    return invoice?.customer.id === customerId ? reportInvoiceOf(invoice, timeline) : undefined;
  });
  return invoices.filter((invoice): invoice is ReportInvoice => invoice !== undefined);
}

/**
 * Assesses a customer's risk as of today (UTC), stores the score and tier on its profile (the tier
 * selects policies as the segment `risk-<tier>`), and raises the credit-limit alert when a high-risk
 * customer's open balance has just passed its limit: once per crossing (the profile's mark is set
 * conditionally with the alert), cleared when it no longer applies.
 */
export async function assessCustomerRisk(
  deps: Deps,
  tenantId: string,
  customerId: string,
  known?: { profile?: CustomerProfile | null; invoices?: readonly ReportInvoice[]; recent?: readonly string[] },
): Promise<{ risk: CustomerRisk; creditLimit: CreditLimitChange }> {
  const profile = known?.profile === undefined ? await deps.customers.get(tenantId, customerId) : (known.profile ?? undefined);
  const invoices = known?.invoices ?? (await customerReportInvoices(deps, tenantId, customerId, known?.recent));
  const now = deps.clock.now();
  const limit = profile?.creditLimit ? { currency: profile.creditLimit.currency, amountMinor: profile.creditLimit.amount } : undefined;
  const risk = customerRisk(customerId, invoices, dateInZone(now, 'UTC'), limit);
  if (profile?.risk?.score !== risk.score || profile.risk.tier !== risk.tier) {
    await deps.customers.recordRisk(tenantId, customerId, { score: risk.score, tier: risk.tier, assessedAt: now.toISOString() });
  }
  const alert = creditLimitAlert(risk, now.toISOString());
  if (alert && !profile?.creditLimitExceeded) {
    const raised = await deps.customers.markCreditLimitExceeded(tenantId, customerId, { since: alert.at, balance: alert.detail.openBalance, currency: alert.detail.currency }, alert);
    return { risk, creditLimit: raised ? 'raised' : 'unchanged' };
  }
  if (!alert && profile?.creditLimitExceeded) {
    await deps.customers.clearCreditLimitExceeded(tenantId, customerId);
    return { risk, creditLimit: 'cleared' };
  }
  return { risk, creditLimit: 'unchanged' };
}

/**
 * After an invoice or a payment changed what customers owe: re-assesses those with a credit limit (the
 * only ones an alert can concern), so a crossing is noticed when it happens. Customers without a limit
 * cost one profile read here; their tier is refreshed by the weekly run.
 */
export async function watchCreditLimits(
  deps: Deps,
  tenantId: string,
  customerIds: readonly string[],
  profiles: ReadonlyMap<string, CustomerProfile | null> = new Map(),
  /** Per customer, its invoices just stored (see customerReportInvoices). */
  recent: ReadonlyMap<string, readonly string[]> = new Map(),
): Promise<void> {
  for (const customerId of new Set(customerIds)) {
    const profile = profiles.has(customerId) ? profiles.get(customerId) : await deps.customers.get(tenantId, customerId);
    if (profile?.creditLimit) await assessCustomerRisk(deps, tenantId, customerId, { profile, recent: recent.get(customerId) });
  }
}
