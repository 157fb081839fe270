import type { ImportJob, ImportSource } from './import-ports.js';
import { rejectsKey } from './import-keys.js';

export type ImportResult =
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'busy' | 'finished-before' | 'handed-on'; jobId: string }
  | { outcome: 'completed' | 'failed' | 'duplicate'; jobId: string; report: ImportReport };

export interface ImportReport {
  jobId: string;
  status: ImportJob['status'];
  tenantId: string;
  kind: ImportJob['kind'];
  profile: string;
  source: ImportSource;
  counts: ImportJob['counts'] & { duplicateDrops?: number };
  bytesRead: number;
  rejectsKey?: string;
  error?: ImportJob['error'];
  duplicateOf?: ImportJob['duplicateOf'] & { counts?: ImportJob['counts'] };
  /** Open items: the snapshot's state and the invoices it would close, held for POST /imports/{jobId}/confirm. */
  openItems?: ImportJob['openItems'];
  timings: { startedAt: string; finishedAt?: string; processingMs: number; rowsPerSecond: number; invocations: number };
}

export function reportOf(job: ImportJob): ImportReport {
  const seconds = job.processingMs / 1000;
  return {
    jobId: job.jobId,
    status: job.status,
    tenantId: job.tenantId,
    kind: job.kind,
    profile: job.profile,
    source: job.source,
    counts: { ...job.counts },
    bytesRead: job.position.offset,
    ...(job.rejectParts.length > 0 && job.status !== 'running' ? { rejectsKey: rejectsKey(job) } : {}),
    ...(job.error ? { error: job.error } : {}),
    ...(job.duplicateOf ? { duplicateOf: job.duplicateOf } : {}),
    ...(job.openItems ? { openItems: job.openItems } : {}),
    timings: {
      startedAt: job.startedAt,
      ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
      processingMs: Math.round(job.processingMs),
      rowsPerSecond: seconds > 0 ? Math.round(job.counts.read / seconds) : 0,
      invocations: job.invocations,
    },
  };
}
