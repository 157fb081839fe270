import type { Clock } from '../kernel/index.js';
import type { ImportFiles, ImportJob, ImportJobs, ImportSource, Lease } from './import-ports.js';
import { importContentKey, importJobId, reportKey, type DroppedFile } from './import-keys.js';

// The steps every import of a dropped file shares, whoever reads it (the profile-read files here, bank
// statements in the cash-application module): the object version, the new job, the "same bytes under
// another name" check and the report.

/** Stop reading and hand on when this much of the invocation's time is left (at most 90 s). */
const HANDOFF_SHARE = 0.25;
const HANDOFF_MAX_MS = 90_000;

/** When an import that began at `begunAt` stops reading and hands itself on to the next invocation. */
export const handoffAt = (begunAt: number, deadline: number): number => deadline - Math.min(HANDOFF_MAX_MS, (deadline - begunAt) * HANDOFF_SHARE);

/** A drop as its S3 event (or a continuation) announces it. */
export interface DropEvent {
  bucket: string;
  key: string;
  etag?: string;
  size?: number;
  eventTime?: string;
}

/** The object version the drop names: the event's etag and size, else the bucket's; undefined when the object no longer exists. */
export async function dropSource(files: Pick<ImportFiles, 'head'>, event: DropEvent): Promise<ImportSource | undefined> {
  const head = event.etag !== undefined && event.size !== undefined ? { etag: event.etag, size: event.size } : await files.head(event.bucket, event.key);
  if (!head) return undefined;
  return { bucket: event.bucket, key: event.key, etag: head.etag, size: head.size, ...(event.eventTime ? { eventTime: event.eventTime } : {}) };
}

/** A job for a dropped file before any of it is read; its id names the object version. */
export function newImportJob(file: Pick<DroppedFile, 'tenantId' | 'kind' | 'file'>, profile: string, source: ImportSource, startedAt: string, position: ImportJob['position']): ImportJob {
  return {
    tenantId: file.tenantId,
    jobId: importJobId(source.bucket, source.key, source.etag),
    kind: file.kind,
    profile,
    file: file.file,
    source,
    status: 'running',
    position,
    counts: { read: 0, imported: 0, unchanged: 0, rejected: 0 },
    rejectParts: [],
    startedAt,
    processingMs: 0,
    invocations: 0,
  };
}

/**
 * For a new job: claims the file's bytes. When they were imported before under another name, the job
 * becomes a duplicate of that one (saved, finished) and the first job is returned; otherwise undefined.
 */
export async function claimOrDuplicate(deps: { jobs: Pick<ImportJobs, 'claimContent' | 'save'>; clock: Clock }, job: ImportJob, lease: Lease): Promise<{ jobId: string; key: string } | undefined> {
  const first = await deps.jobs.claimContent(job.tenantId, importContentKey(job.kind, job.profile, job.source.etag), job);
  if (first.jobId === job.jobId) return undefined;
  job.status = 'duplicate';
  job.duplicateOf = { key: first.key, jobId: first.jobId };
  job.finishedAt = deps.clock.now().toISOString();
  await deps.jobs.save(job, lease);
  return first;
}

/** Writes a file's report under reports/, where the one who dropped it looks. */
export function putReport(files: Pick<ImportFiles, 'put'>, bucket: string, file: Pick<DroppedFile, 'tenantId' | 'kind' | 'file'>, report: unknown): Promise<void> {
  return files.put(bucket, reportKey(file), JSON.stringify(report, null, 2), 'application/json');
}
