import { reportOf, type ImportJob, type ImportReport } from '../imports/index.js';
import type { RejectedEntry } from './bank-entry.js';

/** What a statement import reports, in reports/<tenant>/bank-statements/<file>.json and GET /bank-statements/{id}. */
export interface StatementReport extends ImportReport {
  statement: {
    entries: number;
    credits: number;
    matchedByReference: number;
    matchedByNumber: number;
    suggested: number;
    unapplied: number;
    ignored: { debits: number; notBooked: number };
    reversed: number;
    rejected: number;
    /** Credits per currency (minor units), and the part applied automatically. */
    amounts: Record<string, { credited: number; matched: number }>;
    /** Matched automatically / credits (0..1). */
    automaticMatchRate: number;
  };
  rejectedEntries: RejectedEntry[];
}

export const tally = (job: ImportJob, name: string, by = 1): void => {
  job.tallies ??= {};
  job.tallies[name] = (job.tallies[name] ?? 0) + by;
};

export function statementReport(job: ImportJob, rejectedEntries: readonly RejectedEntry[]): StatementReport {
  const t = job.tallies ?? {};
  const n = (name: string) => t[name] ?? 0;
  const amounts: StatementReport['statement']['amounts'] = {};
  for (const [name, value] of Object.entries(t)) {
    const match = /^(credited|matched)\.([A-Z]{3})$/.exec(name);
    if (!match) continue;
    const currency = (amounts[match[2]!] ??= { credited: 0, matched: 0 });
    if (match[1] === 'credited') currency.credited = value;
    else currency.matched = value;
  }
  const matched = n('matchedByReference') + n('matchedByNumber');
  return {
    ...reportOf(job),
    statement: {
      entries: n('entries'),
      credits: n('credits'),
      matchedByReference: n('matchedByReference'),
      matchedByNumber: n('matchedByNumber'),
      suggested: n('suggested'),
      unapplied: n('unapplied'),
      ignored: { debits: n('debits'), notBooked: n('notBooked') },
      reversed: n('reversed'),
      rejected: Math.max(n('rejectedEntries'), rejectedEntries.length) + n('rejectedTransactions'),
      amounts,
      automaticMatchRate: n('credits') > 0 ? Math.round((matched / n('credits')) * 10000) / 10000 : 0,
    },
    rejectedEntries: rejectedEntries.slice(0, 1000),
  };
}
