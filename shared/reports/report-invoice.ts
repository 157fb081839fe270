/**
 * What the reports need to know about one invoice: its terms and what happened to it, with dates.
 * Built from stored invoices and their timeline (see from-timeline.ts) or from a history file (the
 * sample import); the report functions are pure over a list of these and an as-of date.
 */
export interface ReportInvoice {
  invoiceNumber: string;
  customerId: string;
  currency: string;
  /** Minor units. */
  amount: number;
  issueDate: string;
  /** The due date as issued (an approver's extension does not make a late payment on time). */
  dueDate: string;
  /** Money applied to the invoice, by the date it was paid (YYYY-MM-DD). */
  payments: { date: string; amount: number }[];
  /** When a dispute was opened (YYYY-MM-DD); absent when never disputed. */
  disputedAt?: string;
  /** When collection ended without the money (written off, sent to an agency): it leaves AR then. */
  closedAt?: string;
  /** Promises to pay made by the customer: when (YYYY-MM-DD) and the date promised. */
  promises?: { madeAt: string; date: string }[];
  /**
   * The escalation waiting for an approver's decision now (not as of a date: the invoice's current
   * state), with the invoice's current balance; absent when none is pending.
   */
  pendingEscalation?: PendingEscalation;
}

export interface PendingEscalation {
  escalationId: string;
  escalatedAt: string;
  expiresAt: string;
  approvers: string[];
  balance: number;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date; plain arithmetic, because reports do it millions of times. */
export function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function daysFrom(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** What is still owed at the end of `asOf` (0 before it was issued, after it was paid or closed). */
export function balanceAsOf(invoice: ReportInvoice, asOf: string): number {
  if (invoice.issueDate > asOf) return 0;
  if (invoice.closedAt !== undefined && invoice.closedAt <= asOf) return 0;
  const paid = invoice.payments.reduce((sum, payment) => (payment.date <= asOf ? sum + payment.amount : sum), 0);
  return Math.max(0, invoice.amount - paid);
}

/** Collected between two dates, both included. */
export function collectedBetween(invoice: ReportInvoice, from: string, to: string): number {
  return invoice.payments.reduce((sum, payment) => (payment.date >= from && payment.date <= to ? sum + payment.amount : sum), 0);
}

/** The date the last of the amount was paid, if it has been (on or before `asOf` when given). */
export function settledDate(invoice: ReportInvoice, asOf?: string): string | undefined {
  let paid = 0;
  const payments = [...invoice.payments].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const payment of payments) {
    if (asOf !== undefined && payment.date > asOf) return undefined;
    paid += payment.amount;
    if (paid >= invoice.amount) return payment.date;
  }
  return undefined;
}

/** Days after the due date it was settled; 0 when on time. */
export function daysLate(invoice: ReportInvoice, settled: string): number {
  return Math.max(0, daysFrom(invoice.dueDate, settled));
}

/** Groups by a key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Rounds to `digits` decimals for display; figures stay exact until here. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
