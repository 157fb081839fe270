import * as z from 'zod';
import { addMonths, kpiSeries } from '../reports/index.js';
import { agingReport } from '../reports/index.js';
import { pendingEscalations, type PendingEscalationListing } from '../reports/index.js';
import { dateOfDay, dayNumber, type ReportInvoice } from '../reports/index.js';
import type { RiskTier } from '../reports/index.js';
import type { DisputeListing } from '../self-service/index.js';

/**
 * Who gets a tenant's weekly finance digest (PUT /settings/digest). A tenant with no recipients gets
 * none; the deployment's schedule decides when it goes out.
 */
export const digestSettingsSchema = z.object({
  recipients: z
    .array(z.email('must be an email address').max(254).transform((email) => email.toLowerCase()))
    .max(20, 'at most 20 recipients')
    .refine((emails) => new Set(emails).size === emails.length, 'lists an address twice'),
  /** How many overdue accounts the digest lists per currency. */
  topAccounts: z.number().int().min(1).max(50).default(10),
});

export type DigestSettingsInput = z.input<typeof digestSettingsSchema>;
export interface DigestSettings extends z.output<typeof digestSettingsSchema> {
  tenantId: string;
  updatedAt: string;
}

/** Months of DSO the digest shows, the current (partial) one last. */
export const DSO_TREND_MONTHS = 6;

export interface OverdueAccount {
  customerId: string;
  currency: string;
  /** Past due at the end of asOf, minor units. */
  overdue: number;
  /** Of which more than 60 days past due. */
  over60: number;
  openInvoices: number;
  tier?: RiskTier;
}

export interface DsoPoint {
  from: string;
  to: string;
  /** Standard DSO per currency; null without sales in the month. */
  dso: { currency: string; dso: number | null }[];
}

export interface DigestContent {
  tenantId: string;
  asOf: string;
  topOverdue: OverdueAccount[];
  escalations: PendingEscalationListing[];
  disputes: DisputeListing[];
  dsoTrend: DsoPoint[];
}

/**
 * What the week's digest says, from the tenant's invoices at the end of asOf: the customers with the
 * most past due (per currency, never adding currencies), escalations waiting for a decision, open
 * disputes and the DSO of the last six calendar months (the current one up to asOf).
 */
export function digestContent(
  tenantId: string,
  invoices: readonly ReportInvoice[],
  disputes: readonly DisputeListing[],
  asOf: string,
  options: { topAccounts: number; tiers?: ReadonlyMap<string, RiskTier> },
): DigestContent {
  const aging = agingReport(invoices, asOf);
  const overdue = aging.customers
    .map((row) => ({
      customerId: row.customerId,
      currency: row.currency,
      overdue: row.total - row.buckets.current,
      over60: row.buckets['61-90'] + row.buckets['90+'],
      openInvoices: row.invoices,
      ...(options.tiers?.get(row.customerId) ? { tier: options.tiers.get(row.customerId)! } : {}),
    }))
    .filter((row) => row.overdue > 0)
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : b.overdue - a.overdue));
  const perCurrency = new Map<string, number>();
  const topOverdue = overdue.filter((row) => {
    const seen = perCurrency.get(row.currency) ?? 0;
    perCurrency.set(row.currency, seen + 1);
    return seen < options.topAccounts;
  });
  const trendStart = addMonths(`${asOf.slice(0, 8)}01`, -(DSO_TREND_MONTHS - 1), 0);
  const dsoTrend = kpiSeries(invoices, trendStart, asOf, 'month').map((period) => ({
    from: period.from,
    to: period.to,
    dso: period.currencies.map((currency) => ({ currency: currency.currency, dso: currency.dso === null ? null : Math.round(currency.dso * 10) / 10 })),
  }));
  return { tenantId, asOf, topOverdue, escalations: pendingEscalations(invoices), disputes: [...disputes], dsoTrend };
}

/** The Monday that starts the (ISO) week of a date: one digest per tenant per week. */
export function weekStartOf(date: string): string {
  const day = dayNumber(date);
  // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
  return dateOfDay(day - ((day + 3) % 7));
}
