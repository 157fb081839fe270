import { minorToDecimalString } from '../kernel/index.js';
import { agingBuckets, type AgingReport, type AgingRow } from './aging.js';
import type { PendingEscalationListing } from './escalations.js';
import type { CashForecast, ForecastAmount } from './forecast.js';
import type { Kpis } from './kpis.js';
import type { RiskReport } from './risk.js';
import { round } from './report-invoice.js';

/** RFC 4180 CSV; a value starting with = + - @ is prefixed with ' so a spreadsheet does not run it. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const cell = (value: string | number | null) => {
    if (value === null) return '';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Aging as CSV: one line per (scope, currency), amounts as decimals of the currency. */
export function agingCsv(report: AgingReport): string {
  const line = (scope: string, customerId: string, row: AgingRow) => [
    report.asOf,
    scope,
    customerId,
    row.currency,
    ...agingBuckets.map((bucket) => minorToDecimalString(row.buckets[bucket], row.currency)),
    minorToDecimalString(row.total, row.currency),
    row.invoices,
  ];
  return toCsv(
    ['asOf', 'scope', 'customerId', 'currency', ...agingBuckets.map((bucket) => `bucket_${bucket}`), 'total', 'openInvoices'],
    [...report.totals.map((row) => line('tenant', '', row)), ...report.customers.map((row) => line('customer', row.customerId, row))],
  );
}

/** KPIs as CSV: one line per (period or customer, currency); the count-based figures repeat on each. */
export function kpisCsv(rows: readonly (Kpis & { customerId?: string })[]): string {
  const n = (value: number | null) => (value === null ? null : round(value, 2));
  return toCsv(
    [
      'from', 'to', 'customerId', 'invoicesIssued', 'invoicesSettled', 'sharePaidLatePercent', 'averageDaysLate', 'averageDaysToSettle',
      'disputeRatePercent', 'currency', 'creditSales', 'collected', 'receivablesEnd', 'dso', 'countBackDso', 'ceiPercent',
      'promisesMade', 'promisesDue', 'promisesKept', 'promiseKeptRatePercent',
    ],
    rows.flatMap((row) => {
      const common = [row.from, row.to, row.customerId ?? '', row.invoicesIssued, row.invoicesSettled, n(row.sharePaidLate), n(row.averageDaysLate), n(row.averageDaysToSettle), n(row.disputeRate)];
      const promises = [row.promisesMade, row.promisesDue, row.promisesKept, n(row.promiseKeptRate)];
      if (row.currencies.length === 0) return [[...common, null, null, null, null, null, null, null, ...promises]];
      return row.currencies.map((c) => [
        ...common,
        c.currency,
        minorToDecimalString(c.creditSales, c.currency),
        minorToDecimalString(c.collected, c.currency),
        minorToDecimalString(c.receivablesEnd, c.currency),
        n(c.dso),
        n(c.countBackDso),
        n(c.cei),
        ...promises,
      ]);
    }),
  );
}

/** Risk as CSV: one line per (customer, currency of its open balance), each factor's value and points. */
export function riskCsv(report: RiskReport): string {
  const factorNames = report.customers[0]?.factors.map((factor) => factor.factor) ?? [];
  return toCsv(
    ['asOf', 'customerId', 'score', 'tier', ...factorNames.flatMap((name) => [`${name}_value`, `${name}_points`]), 'currency', 'openBalance', 'creditLimitCurrency', 'creditLimit', 'overCreditLimit'],
    report.customers.flatMap((customer) => {
      const common = [report.asOf, customer.customerId, customer.score, customer.tier, ...customer.factors.flatMap((factor) => [factor.value, factor.points])];
      const limit = customer.creditLimit ? [customer.creditLimit.currency, minorToDecimalString(customer.creditLimit.amountMinor, customer.creditLimit.currency)] : [null, null];
      const balances = customer.openBalance.length > 0 ? customer.openBalance : [undefined];
      return balances.map((balance) => [...common, balance?.currency ?? null, balance ? minorToDecimalString(balance.amountMinor, balance.currency) : null, ...limit, String(customer.overCreditLimit)]);
    }),
  );
}

/** The forecast as CSV: one line per (week, currency); the weeks after the 13th as `beyond`. */
export function forecastCsv(forecast: CashForecast): string {
  const line = (bucket: string, start: string | null, end: string | null, amount: ForecastAmount) => [forecast.asOf, bucket, start, end, amount.currency, minorToDecimalString(amount.amountMinor, amount.currency), amount.invoices];
  return toCsv(
    ['asOf', 'bucket', 'weekStart', 'weekEnd', 'currency', 'expected', 'invoices'],
    [
      ...forecast.weeks.flatMap((week, index) => week.amounts.map((amount) => line(`week ${index + 1}`, week.weekStart, week.weekEnd, amount))),
      ...forecast.beyond.map((amount) => line('beyond', null, null, amount)),
    ],
  );
}

/** Pending escalations as CSV, one line each. */
export function escalationsCsv(escalations: readonly PendingEscalationListing[]): string {
  return toCsv(
    ['invoiceNumber', 'customerId', 'currency', 'balance', 'escalatedAt', 'expiresAt', 'approvers'],
    escalations.map((e) => [e.invoiceNumber, e.customerId, e.currency, minorToDecimalString(e.balanceMinor, e.currency), e.escalatedAt, e.expiresAt, e.approvers.join(' ')]),
  );
}
