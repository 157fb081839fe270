import { agingReport } from './aging.js';
import { pendingEscalations } from './escalations.js';
import { cashForecast } from './forecast.js';
import { kpiSeries, kpis, kpisByCustomer, type Kpis } from './kpis.js';
import { dateOfDay, dayNumber, round, type ReportInvoice } from './report-invoice.js';
import { riskReport, type Money } from './risk.js';

/**
 * The reports as the API answers them (JSON bodies), from one read of the rows: each report route
 * answers one of these, and the dashboard's overview answers several from the same rows.
 */
export interface KpiQuery {
  from: string;
  to: string;
  interval?: 'month' | 'quarter' | undefined;
  by?: 'customer' | undefined;
  customerId?: string | undefined;
}

export function kpisView(invoices: readonly ReportInvoice[], query: KpiQuery) {
  const { from, to } = query;
  const total = kpis(invoices, from, to);
  const periods = query.interval ? kpiSeries(invoices, from, to, query.interval) : undefined;
  const customers = query.by === 'customer' ? kpisByCustomer(invoices, from, to) : undefined;
  return {
    csvRows: [total, ...(periods ?? []), ...(customers ?? [])],
    body: {
      ...rounded(total),
      ...(query.customerId ? { customerId: query.customerId } : {}),
      ...(periods ? { periods: periods.map(rounded) } : {}),
      ...(customers ? { customers: customers.map((row) => ({ customerId: row.customerId, ...rounded(row) })) } : {}),
    },
  };
}

export function escalationsView(invoices: readonly ReportInvoice[]) {
  return { escalations: pendingEscalations(invoices) };
}

/** The customers of these invoices, for the credit limits the risk report compares with. */
export function customerIdsOf(invoices: readonly ReportInvoice[]): string[] {
  return [...new Set(invoices.map((invoice) => invoice.customerId))];
}

/**
 * What the dashboard shows first, in one answer: the aging, the DSO trend (the last 90 days, and the
 * 12 months to `asOf` by month), the forecast, the escalations waiting and the risk scores: the same
 * bodies as GET /reports/aging, /reports/kpis (twice), /reports/forecast, /escalations and /reports/risk.
 */
export function overviewView(invoices: readonly ReportInvoice[], asOf: string, creditLimits: ReadonlyMap<string, Money>) {
  return {
    asOf,
    aging: agingReport(invoices, asOf),
    dso: {
      recent: kpisView(invoices, { from: dateOfDay(dayNumber(asOf) - 89), to: asOf }).body,
      monthly: kpisView(invoices, { from: startOfMonthBefore(asOf, 11), to: asOf, interval: 'month' }).body,
    },
    forecast: cashForecast(invoices, asOf),
    escalations: escalationsView(invoices),
    risk: riskReport(invoices, asOf, creditLimits),
  };
}

/** The first day of the month `months` before the month of `date` (the dashboard's 12-month trend starts there). */
export function startOfMonthBefore(date: string, months: number): string {
  const first = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  first.setUTCMonth(first.getUTCMonth() - months);
  return first.toISOString().slice(0, 10);
}

/** Ratios and days to two decimals; money stays in integer minor units. */
function rounded(row: Kpis): Kpis {
  const r = (value: number | null) => (value === null ? null : round(value, 2));
  return {
    ...row,
    sharePaidLate: r(row.sharePaidLate),
    averageDaysLate: r(row.averageDaysLate),
    averageDaysToSettle: r(row.averageDaysToSettle),
    disputeRate: r(row.disputeRate),
    promiseKeptRate: r(row.promiseKeptRate),
    currencies: row.currencies.map((currency) => ({ ...currency, dso: r(currency.dso), countBackDso: r(currency.countBackDso), cei: r(currency.cei) })),
  };
}
