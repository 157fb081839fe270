import { balanceAsOf, dateOfDay, dayNumber, daysLate, groupBy, settledDate, type ReportInvoice } from './report-invoice.js';

/**
 * Cash forecast: when each open invoice's balance is expected to come in, summed into 13 weeks.
 *
 * Expected payment date = due date + the customer's typical lateness: the median days late of its
 * last `RECENT_SETTLEMENTS` invoices settled by asOf (at least `MIN_SETTLEMENTS` of them); without
 * that history, the tenant's median over its last settlements; without that, the due date itself.
 * A date already passed (the invoice is later than usual) is expected in the first week. Week 1 starts
 * the day after asOf; anything after week 13 is summed in `beyond`. Never mixes currencies.
 */
export const FORECAST_WEEKS = 13;
export const RECENT_SETTLEMENTS = 12;
export const MIN_SETTLEMENTS = 3;
const TENANT_RECENT_SETTLEMENTS = 200;

export interface ForecastAmount {
  currency: string;
  amountMinor: number;
  invoices: number;
}

export interface ForecastWeek {
  weekStart: string;
  weekEnd: string;
  amounts: ForecastAmount[];
}

export interface CashForecast {
  asOf: string;
  weeks: ForecastWeek[];
  beyond: ForecastAmount[];
}

/** Where an invoice's expected lateness came from. */
export type LatenessBasis = 'customer' | 'tenant' | 'due-date';

export interface ExpectedPayment {
  invoiceNumber: string;
  customerId: string;
  currency: string;
  balance: number;
  expectedDate: string;
  expectedDaysLate: number;
  basis: LatenessBasis;
}

/** Median (the lower middle for an even count, so days stay whole); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Days late of the most recent settlements (by settlement date, newest first), at most `limit`. */
function recentLateness(invoices: readonly ReportInvoice[], asOf: string, limit: number): number[] {
  return invoices
    .flatMap((invoice) => {
      const date = settledDate(invoice, asOf);
      return date === undefined ? [] : [{ date, late: daysLate(invoice, date) }];
    })
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
    .slice(0, limit)
    .map((entry) => entry.late);
}

/** Each invoice open at the end of asOf, with its expected payment date and why. */
export function expectedPayments(invoices: readonly ReportInvoice[], asOf: string): ExpectedPayment[] {
  const tenantLateness = recentLateness(invoices, asOf, TENANT_RECENT_SETTLEMENTS);
  const tenantMedian = tenantLateness.length >= MIN_SETTLEMENTS ? median(tenantLateness) : undefined;
  const firstDay = dateOfDay(dayNumber(asOf) + 1);
  return [...groupBy(invoices, (invoice) => invoice.customerId)].flatMap(([customerId, own]) => {
    const lateness = recentLateness(own, asOf, RECENT_SETTLEMENTS);
    const customerMedian = lateness.length >= MIN_SETTLEMENTS ? median(lateness) : undefined;
    const [expectedDaysLate, basis]: [number, LatenessBasis] =
      customerMedian !== undefined ? [customerMedian, 'customer'] : tenantMedian !== undefined ? [tenantMedian, 'tenant'] : [0, 'due-date'];
    return own.flatMap((invoice) => {
      const balance = balanceAsOf(invoice, asOf);
      if (balance <= 0) return [];
      const expected = dateOfDay(dayNumber(invoice.dueDate) + expectedDaysLate);
      return [{ invoiceNumber: invoice.invoiceNumber, customerId, currency: invoice.currency, balance, expectedDate: expected < firstDay ? firstDay : expected, expectedDaysLate, basis }];
    });
  });
}

/** The 13-week forecast at the end of asOf. */
export function cashForecast(invoices: readonly ReportInvoice[], asOf: string): CashForecast {
  const start = dayNumber(asOf) + 1;
  const weeks = Array.from({ length: FORECAST_WEEKS }, (_, index) => ({ weekStart: dateOfDay(start + index * 7), weekEnd: dateOfDay(start + index * 7 + 6), amounts: new Map<string, ForecastAmount>() }));
  const beyond = new Map<string, ForecastAmount>();
  for (const payment of expectedPayments(invoices, asOf)) {
    const index = Math.floor((dayNumber(payment.expectedDate) - start) / 7);
    const bucket = index < FORECAST_WEEKS ? weeks[index]!.amounts : beyond;
    const entry = bucket.get(payment.currency) ?? { currency: payment.currency, amountMinor: 0, invoices: 0 };
    entry.amountMinor += payment.balance;
    entry.invoices += 1;
    bucket.set(payment.currency, entry);
  }
  const sorted = (bucket: Map<string, ForecastAmount>) => [...bucket.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1));
  return { asOf, weeks: weeks.map((week) => ({ weekStart: week.weekStart, weekEnd: week.weekEnd, amounts: sorted(week.amounts) })), beyond: sorted(beyond) };
}
