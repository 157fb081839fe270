import { promiseOutcome } from './promises.js';
import { balanceAsOf, dateOfDay, dayNumber, daysFrom, daysLate, groupBy, round, settledDate, type ReportInvoice } from './report-invoice.js';

/**
 * A customer's collection risk from its own payment history, as points per factor that add up to a
 * score of 0-100 (higher = riskier). Every factor says what it measured and how many points it gave:
 * nothing is learned or hidden, so a collector can check a score by hand.
 *
 * | factor | measured over | points |
 * | --- | --- | --- |
 * | sharePaidLate | invoices settled in the last 365 days | share × 25 |
 * | averageDaysLate | the same, each weighted by recency (half-life 90 days) | 25 at 30+ days, linear below |
 * | overdueShare | open balance now, per currency (the worst currency) | share × 20 |
 * | disputes | invoices issued in the last 365 days that were disputed | 10 at 50 %+, linear below |
 * | brokenPromises | promises to pay whose date fell in the last 365 days and passed unpaid | 5 each, at most 10 |
 * | trend | average days late of the last 90 days minus that of the 275 days before | 10 at 20+ days worse, linear; 0 if better |
 */
export const RISK_LOOKBACK_DAYS = 365;
export const RECENCY_HALF_LIFE_DAYS = 90;
export const TREND_RECENT_DAYS = 90;

export type RiskTier = 'low' | 'medium' | 'high';
export const riskTiers: readonly RiskTier[] = ['low', 'medium', 'high'];
/** Score thresholds: below 25 low, 25 to 49 medium, 50 and above high. */
export const RISK_TIER_THRESHOLDS = { medium: 25, high: 50 } as const;

export function riskTier(score: number): RiskTier {
  if (score >= RISK_TIER_THRESHOLDS.high) return 'high';
  if (score >= RISK_TIER_THRESHOLDS.medium) return 'medium';
  return 'low';
}

export type RiskFactorName = 'sharePaidLate' | 'averageDaysLate' | 'overdueShare' | 'disputes' | 'brokenPromises' | 'trend';

export interface RiskFactor {
  factor: RiskFactorName;
  /** What was measured (a percent, days or a count); null when there was nothing to measure. */
  value: number | null;
  points: number;
  explanation: string;
}

export interface Money {
  currency: string;
  amountMinor: number;
}

export interface CustomerRisk {
  customerId: string;
  score: number;
  tier: RiskTier;
  factors: RiskFactor[];
  /** Open balance at the end of asOf, one entry per currency. */
  openBalance: Money[];
  creditLimit?: Money;
  /** Open balance in the credit limit's currency above the limit. */
  overCreditLimit: boolean;
}

export interface RiskReport {
  asOf: string;
  customers: CustomerRisk[];
}

/** Risk of every customer with an invoice issued by asOf, riskiest first (then by id). */
export function riskReport(invoices: readonly ReportInvoice[], asOf: string, creditLimits: ReadonlyMap<string, Money> = new Map()): RiskReport {
  const issued = invoices.filter((invoice) => invoice.issueDate <= asOf);
  const customers = [...groupBy(issued, (invoice) => invoice.customerId)].map(([customerId, own]) => customerRisk(customerId, own, asOf, creditLimits.get(customerId)));
  customers.sort((a, b) => b.score - a.score || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  return { asOf, customers };
}

/** One customer's risk at the end of asOf, from its own invoices. */
export function customerRisk(customerId: string, invoices: readonly ReportInvoice[], asOf: string, creditLimit?: Money): CustomerRisk {
  const lookbackStart = dateOfDay(dayNumber(asOf) - RISK_LOOKBACK_DAYS + 1);
  const settled = invoices.flatMap((invoice) => {
    const date = settledDate(invoice, asOf);
    return date !== undefined && date >= lookbackStart ? [{ date, late: daysLate(invoice, date) }] : [];
  });
  const factors = [
    sharePaidLateFactor(settled),
    averageDaysLateFactor(settled, asOf),
    overdueShareFactor(invoices, asOf),
    disputesFactor(invoices, lookbackStart, asOf),
    brokenPromisesFactor(invoices, lookbackStart, asOf),
    trendFactor(settled, asOf),
  ];
  const score = Math.min(100, Math.max(0, Math.round(factors.reduce((sum, factor) => sum + factor.points, 0))));
  const openBalance = openBalances(invoices, asOf);
  const inLimitCurrency = creditLimit ? (openBalance.find((entry) => entry.currency === creditLimit.currency)?.amountMinor ?? 0) : 0;
  return {
    customerId,
    score,
    tier: riskTier(score),
    factors,
    openBalance,
    ...(creditLimit ? { creditLimit } : {}),
    overCreditLimit: creditLimit !== undefined && inLimitCurrency > creditLimit.amountMinor,
  };
}

/** Open balance at the end of asOf per currency (only currencies with a balance), by currency code. */
export function openBalances(invoices: readonly ReportInvoice[], asOf: string): Money[] {
  const totals = new Map<string, number>();
  for (const invoice of invoices) {
    const balance = balanceAsOf(invoice, asOf);
    if (balance > 0) totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + balance);
  }
  return [...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amountMinor]) => ({ currency, amountMinor }));
}

type Settlement = { date: string; late: number };

function sharePaidLateFactor(settled: readonly Settlement[]): RiskFactor {
  if (settled.length === 0) return { factor: 'sharePaidLate', value: null, points: 0, explanation: 'No invoice settled in the last 365 days.' };
  const late = settled.filter((entry) => entry.late > 0).length;
  const share = (late / settled.length) * 100;
  return {
    factor: 'sharePaidLate',
    value: round(share, 1),
    points: round(share * 0.25, 1),
    explanation: `${late} of ${settled.length} invoices settled in the last 365 days were paid after their due date (25 points if all were).`,
  };
}

function averageDaysLateFactor(settled: readonly Settlement[], asOf: string): RiskFactor {
  if (settled.length === 0) return { factor: 'averageDaysLate', value: null, points: 0, explanation: 'No invoice settled in the last 365 days.' };
  let weighted = 0;
  let weights = 0;
  for (const entry of settled) {
    const weight = 0.5 ** (daysFrom(entry.date, asOf) / RECENCY_HALF_LIFE_DAYS);
    weighted += weight * entry.late;
    weights += weight;
  }
  const average = weighted / weights;
  return {
    factor: 'averageDaysLate',
    value: round(average, 1),
    points: round(Math.min(25, (average * 25) / 30), 1),
    explanation: `Settled on average ${round(average, 1)} days after the due date, recent payments counting more (a payment 90 days ago counts half); 25 points at 30 days or more.`,
  };
}

function overdueShareFactor(invoices: readonly ReportInvoice[], asOf: string): RiskFactor {
  let worst: { currency: string; share: number } | undefined;
  for (const [currency, group] of groupBy(invoices, (invoice) => invoice.currency)) {
    let open = 0;
    let overdue = 0;
    for (const invoice of group) {
      const balance = balanceAsOf(invoice, asOf);
      open += balance;
      if (invoice.dueDate < asOf) overdue += balance;
    }
    if (open > 0 && (worst === undefined || overdue / open > worst.share)) worst = { currency, share: overdue / open };
  }
  if (worst === undefined) return { factor: 'overdueShare', value: null, points: 0, explanation: 'Nothing is open.' };
  const share = worst.share * 100;
  return {
    factor: 'overdueShare',
    value: round(share, 1),
    points: round(worst.share * 20, 1),
    explanation: `${round(share, 1)} % of the open ${worst.currency} balance is past its due date (the worst currency; 20 points if all of it is).`,
  };
}

function disputesFactor(invoices: readonly ReportInvoice[], from: string, asOf: string): RiskFactor {
  const issued = invoices.filter((invoice) => invoice.issueDate >= from && invoice.issueDate <= asOf);
  if (issued.length === 0) return { factor: 'disputes', value: null, points: 0, explanation: 'No invoice issued in the last 365 days.' };
  const disputed = issued.filter((invoice) => invoice.disputedAt !== undefined && invoice.disputedAt <= asOf).length;
  const share = (disputed / issued.length) * 100;
  return {
    factor: 'disputes',
    value: round(share, 1),
    points: round(Math.min(10, share / 5), 1),
    explanation: `${disputed} of ${issued.length} invoices issued in the last 365 days were disputed (10 points at 50 % or more).`,
  };
}

/** A promise is kept when the invoice is settled by the end of the promised date (promises.ts). */
function brokenPromisesFactor(invoices: readonly ReportInvoice[], from: string, asOf: string): RiskFactor {
  let due = 0;
  let broken = 0;
  for (const invoice of invoices) {
    for (const promise of invoice.promises ?? []) {
      if (promise.date < from || promise.date > asOf) continue;
      due += 1;
      if (promiseOutcome(invoice, promise, asOf) === 'broken') broken += 1;
    }
  }
  return {
    factor: 'brokenPromises',
    value: broken,
    points: Math.min(10, broken * 5),
    explanation: due === 0 ? 'No promise to pay fell due in the last 365 days.' : `${broken} of ${due} promises to pay that fell due in the last 365 days were broken (5 points each, at most 10).`,
  };
}

function trendFactor(settled: readonly Settlement[], asOf: string): RiskFactor {
  const recentStart = dateOfDay(dayNumber(asOf) - TREND_RECENT_DAYS + 1);
  const recent = settled.filter((entry) => entry.date >= recentStart);
  const earlier = settled.filter((entry) => entry.date < recentStart);
  if (recent.length === 0 || earlier.length === 0) {
    return { factor: 'trend', value: null, points: 0, explanation: 'Not enough history: needs settlements both in the last 90 days and in the 275 days before.' };
  }
  const mean = (entries: readonly Settlement[]) => entries.reduce((sum, entry) => sum + entry.late, 0) / entries.length;
  const change = mean(recent) - mean(earlier);
  return {
    factor: 'trend',
    value: round(change, 1),
    points: round(Math.min(10, Math.max(0, change / 2)), 1),
    explanation:
      change > 0
        ? `Paying ${round(change, 1)} days later in the last 90 days than in the 275 days before (10 points at 20 days or more).`
        : `Paying ${round(-change, 1)} days earlier (or the same) in the last 90 days than in the 275 days before: no points.`,
  };
}
