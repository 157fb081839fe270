import { balanceAsOf, daysFrom, groupBy, type ReportInvoice } from './report-invoice.js';

export const agingBuckets = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof agingBuckets)[number];

/** The bucket of an open balance `daysOverdue` days past its due date (0 or less: not yet due). */
export function agingBucket(daysOverdue: number): AgingBucket {
  if (daysOverdue <= 0) return 'current';
  if (daysOverdue <= 30) return '1-30';
  if (daysOverdue <= 60) return '31-60';
  if (daysOverdue <= 90) return '61-90';
  return '90+';
}

/** Open balances of one currency by bucket (minor units), with how many invoices are in each. */
export interface AgingRow {
  currency: string;
  buckets: Record<AgingBucket, number>;
  counts: Record<AgingBucket, number>;
  total: number;
  invoices: number;
}

export interface AgingReport {
  asOf: string;
  /** One row per currency: amounts of different currencies are never added. */
  totals: AgingRow[];
  customers: (AgingRow & { customerId: string })[];
}

/** Aging at the end of `asOf`: every invoice issued by then with a balance, by days past its due date. */
export function agingReport(invoices: readonly ReportInvoice[], asOf: string): AgingReport {
  const open = invoices
    .map((invoice) => ({ invoice, balance: balanceAsOf(invoice, asOf) }))
    .filter((entry) => entry.balance > 0);
  const rows = (entries: typeof open): AgingRow[] =>
    [...groupBy(entries, (entry) => entry.invoice.currency)].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, group]) => {
      const row: AgingRow = { currency, buckets: emptyBuckets(), counts: emptyBuckets(), total: 0, invoices: 0 };
      for (const { invoice, balance } of group) {
        const bucket = agingBucket(daysFrom(invoice.dueDate, asOf));
        row.buckets[bucket] += balance;
        row.counts[bucket] += 1;
        row.total += balance;
        row.invoices += 1;
      }
      return row;
    });
  const customers = [...groupBy(open, (entry) => entry.invoice.customerId)]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([customerId, group]) => rows(group).map((row) => ({ customerId, ...row })));
  return { asOf, totals: rows(open), customers };
}

function emptyBuckets(): Record<AgingBucket, number> {
  return { current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 };
}
