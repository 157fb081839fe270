import { promiseCounts, type PromiseCounts } from './promises.js';
import {
  balanceAsOf,
  collectedBetween,
  dateOfDay,
  dayNumber,
  daysFrom,
  daysLate,
  groupBy,
  settledDate,
  type ReportInvoice,
} from './report-invoice.js';

/** Money figures of one currency over a period (minor units); DSO and CEI never mix currencies. */
export interface CurrencyKpis {
  currency: string;
  /** Invoiced in the period (every invoice is a credit sale). */
  creditSales: number;
  collected: number;
  /** Receivables at the end of the day before the period. */
  receivablesStart: number;
  /** Receivables at the end of the period, and the part of them not yet due. */
  receivablesEnd: number;
  receivablesEndCurrent: number;
  /** Standard DSO: receivables at the end / credit sales × days in the period; null without sales. */
  dso: number | null;
  /** Count-back DSO: days of the most recent sales (month by month, back from the end) that the receivables at the end add up to. */
  countBackDso: number | null;
  /** CEI, percent: (start + sales − end) / (start + sales − end current) × 100; null when nothing was collectible. */
  cei: number | null;
}

/** Promises to pay: made in the period, and those due in it kept (settled by their date) or broken (promises.ts). */
export interface Kpis extends PromiseCounts {
  from: string;
  to: string;
  days: number;
  invoicesIssued: number;
  /** Invoices whose last payment fell in the period: the base of the days-late figures. */
  invoicesSettled: number;
  paidLate: number;
  /** Percent of invoices settled in the period that were settled after their due date. */
  sharePaidLate: number | null;
  /** Mean of max(0, settled − due) over invoices settled in the period, in days. */
  averageDaysLate: number | null;
  maxDaysLate: number | null;
  /** Mean of settled − issued over invoices settled in the period, in days. */
  averageDaysToSettle: number | null;
  /** Invoices issued in the period that were disputed by its end. */
  disputed: number;
  /** Percent of invoices issued in the period that were disputed by its end. */
  disputeRate: number | null;
  currencies: CurrencyKpis[];
}

/** The KPIs of the period `from`..`to` (both included), as known at the end of `to`. */
export function kpis(invoices: readonly ReportInvoice[], from: string, to: string): Kpis {
  if (to < from) throw new RangeError(`The period ends (${to}) before it starts (${from})`);
  const days = daysFrom(from, to) + 1;
  const issued = invoices.filter((invoice) => invoice.issueDate >= from && invoice.issueDate <= to);
  const settled = invoices.flatMap((invoice) => {
    const date = settledDate(invoice, to);
    return date !== undefined && date >= from ? [{ invoice, date }] : [];
  });
  const lateness = settled.map(({ invoice, date }) => daysLate(invoice, date));
  const paidLate = lateness.filter((late) => late > 0).length;
  const disputed = issued.filter((invoice) => invoice.disputedAt !== undefined && invoice.disputedAt <= to).length;
  const currencies = [...groupBy(invoices, (invoice) => invoice.currency)]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, group]) => currencyKpis(currency, group, from, to, days))
    .filter((row) => row.creditSales > 0 || row.receivablesStart > 0 || row.receivablesEnd > 0 || row.collected > 0);
  return {
    from,
    to,
    days,
    invoicesIssued: issued.length,
    invoicesSettled: settled.length,
    paidLate,
    sharePaidLate: settled.length > 0 ? (paidLate / settled.length) * 100 : null,
    averageDaysLate: mean(lateness),
    maxDaysLate: lateness.length > 0 ? Math.max(...lateness) : null,
    averageDaysToSettle: mean(settled.map(({ invoice, date }) => daysFrom(invoice.issueDate, date))),
    disputed,
    disputeRate: issued.length > 0 ? (disputed / issued.length) * 100 : null,
    ...promiseCounts(invoices, from, to),
    currencies,
  };
}

function currencyKpis(currency: string, invoices: readonly ReportInvoice[], from: string, to: string, days: number): CurrencyKpis {
  const dayBefore = dateOfDay(dayNumber(from) - 1);
  let creditSales = 0;
  let collected = 0;
  let receivablesStart = 0;
  let receivablesEnd = 0;
  let receivablesEndCurrent = 0;
  for (const invoice of invoices) {
    if (invoice.issueDate >= from && invoice.issueDate <= to) creditSales += invoice.amount;
    collected += collectedBetween(invoice, from, to);
    receivablesStart += balanceAsOf(invoice, dayBefore);
    const end = balanceAsOf(invoice, to);
    receivablesEnd += end;
    if (invoice.dueDate >= to) receivablesEndCurrent += end;
  }
  const collectible = receivablesStart + creditSales - receivablesEndCurrent;
  return {
    currency,
    creditSales,
    collected,
    receivablesStart,
    receivablesEnd,
    receivablesEndCurrent,
    dso: creditSales > 0 ? (receivablesEnd / creditSales) * days : null,
    countBackDso: countBackDso(invoices, to, receivablesEnd),
    cei: collectible > 0 ? ((receivablesStart + creditSales - receivablesEnd) / collectible) * 100 : null,
  };
}

/**
 * Count-back DSO: walks back from `to` one month at a time, taking each month's credit sales off the
 * receivables until they are used up; whole months count their days, the last one its share. 0 with no
 * receivables; null when the receivables are more than all sales (there is nothing to count back against).
 */
export function countBackDso(invoices: readonly ReportInvoice[], to: string, receivables: number): number | null {
  if (receivables <= 0) return 0;
  const earliest = invoices.reduce((min, invoice) => (invoice.issueDate < min ? invoice.issueDate : min), to);
  let remaining = receivables;
  let days = 0;
  let end = to;
  while (end >= earliest) {
    // A calendar month when the window ends on a month's last day, else the month before `end`.
    const start = isMonthEnd(end) ? `${end.slice(0, 8)}01` : addMonths(end, -1, 1);
    const windowDays = daysFrom(start, end) + 1;
    const sales = invoices.reduce((sum, invoice) => (invoice.issueDate >= start && invoice.issueDate <= end ? sum + invoice.amount : sum), 0);
    if (sales >= remaining) return days + (remaining / sales) * windowDays;
    remaining -= sales;
    days += windowDays;
    end = dateOfDay(dayNumber(start) - 1);
  }
  return null;
}

export type Interval = 'month' | 'quarter';

/** The KPIs of each calendar month (or quarter) in `from`..`to`; the first and last may be partial. */
export function kpiSeries(invoices: readonly ReportInvoice[], from: string, to: string, interval: Interval = 'month'): Kpis[] {
  const months = interval === 'month' ? 1 : 3;
  const series: Kpis[] = [];
  let start = from;
  while (start <= to) {
    const month = Number(start.slice(5, 7)) - 1;
    const firstOfNext = addMonths(`${start.slice(0, 4)}-${String(month - (month % months) + 1).padStart(2, '0')}-01`, months, 0);
    const periodEnd = dateOfDay(dayNumber(firstOfNext) - 1);
    const end = periodEnd < to ? periodEnd : to;
    series.push(kpis(invoices, start, end));
    start = firstOfNext;
  }
  return series;
}

/** The same KPIs for each customer over the period. */
export function kpisByCustomer(invoices: readonly ReportInvoice[], from: string, to: string): (Kpis & { customerId: string })[] {
  return [...groupBy(invoices, (invoice) => invoice.customerId)]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([customerId, group]) => ({ customerId, ...kpis(group, from, to) }))
    .filter((row) => row.invoicesIssued > 0 || row.invoicesSettled > 0 || row.currencies.length > 0);
}

/** `date` moved by whole months (the day clamped to the month's end), plus `plusDays` days. */
export function addMonths(date: string, months: number, plusDays: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), lastDay);
  return dateOfDay(Date.UTC(targetYear, targetMonth, day) / 86_400_000 + plusDays);
}

function isMonthEnd(date: string): boolean {
  return dateOfDay(dayNumber(date) + 1).slice(8, 10) === '01';
}

function mean(values: readonly number[]): number | null {
  return values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : null;
}
