import { settledDate, type ReportInvoice } from './report-invoice.js';

export type PromiseOutcome = 'kept' | 'broken' | 'pending';

/**
 * A promise to pay is kept when the invoice is settled (its whole amount paid) by the end of the
 * promised date, and broken when that date has passed (by the end of asOf) without it. Until then it
 * is pending. Paying part of it is not keeping it.
 */
export function promiseOutcome(invoice: ReportInvoice, promise: { date: string }, asOf: string): PromiseOutcome {
  const settled = settledDate(invoice, promise.date < asOf ? promise.date : asOf);
  if (settled !== undefined) return 'kept';
  return promise.date <= asOf ? 'broken' : 'pending';
}

export interface PromiseCounts {
  /** Promises made in the period. */
  promisesMade: number;
  /** Promises whose date fell in the period (and by the end of it). */
  promisesDue: number;
  promisesKept: number;
  promisesBroken: number;
  /** Percent of the promises due in the period that were kept; null when none fell due. */
  promiseKeptRate: number | null;
}

/** Promises made in `from`..`to`, and those due in it judged kept or broken by their date. */
export function promiseCounts(invoices: readonly ReportInvoice[], from: string, to: string): PromiseCounts {
  let made = 0;
  let due = 0;
  let kept = 0;
  for (const invoice of invoices) {
    for (const promise of invoice.promises ?? []) {
      if (promise.madeAt >= from && promise.madeAt <= to) made += 1;
      if (promise.date < from || promise.date > to) continue;
      due += 1;
      if (promiseOutcome(invoice, promise, to) === 'kept') kept += 1;
    }
  }
  return { promisesMade: made, promisesDue: due, promisesKept: kept, promisesBroken: due - kept, promiseKeptRate: due > 0 ? (kept / due) * 100 : null };
}
