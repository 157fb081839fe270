import type { Readable } from 'node:stream';
import { invoiceContentHash, type InvoiceInput } from '../invoicing/index.js';
import type { PaymentInput } from '../payments/index.js';
import { FileFormatError } from './file-format-error.js';
import { builtInProfile, defaultProfileName, type ImportProfile } from './import-profile.js';
import type { ImportFiles, ImportJob, ImportJobs, ImportProfileStore, ImportSource, Lease } from './import-ports.js';
import { continuationKey, importContentKey, importJobId, parseIncomingKey, rejectsKey, rejectsPartKey, reportKey, type DroppedFile } from './import-keys.js';
import { RateLimiter } from './rate-limiter.js';
import { readRecords, type SourceRow } from './record-reader.js';
import { rejectLine, rejectsHeader } from './rejects-csv.js';
import { RowMapper } from './row-mapper.js';
import type { InvoiceBatchStore } from './invoice-batch.port.js';
import type { ImportsDeps } from './deps.js';
import { importInvoiceGroup, type RowOutcome } from './import-invoices.js';
import { importPaymentGroup } from './import-payments.js';

export interface ImportDeps extends Pick<ImportsDeps, 'invoices' | 'payments' | 'workflows' | 'clock' | 'policies' | 'customers'> {
  files: ImportFiles;
  jobs: ImportJobs;
  invoiceBatch: InvoiceBatchStore;
  profiles: ImportProfileStore;
  /** Real elapsed time (Lambda deadlines, pacing), as opposed to arflow's business clock. */
  timer: { now(): number; sleep(ms: number): Promise<void> };
  /** Workflow starts (and stops) per second this invocation may make. */
  startsPerSecond: number;
}

export interface Invocation {
  /** `timer.now()` value by which the invocation must have handed on (the Lambda deadline). */
  deadline: number;
  /** Identifies this invocation's lease on the job. */
  token: string;
}

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
  timings: { startedAt: string; finishedAt?: string; processingMs: number; rowsPerSecond: number; invocations: number };
}

/** Rows mapped and written together; their writes run `ROW_CONCURRENCY` at a time. */
const GROUP_SIZE = 500;
const ROW_CONCURRENCY = 16;
/** Progress is saved (and the report refreshed) after this many rows or this long, whichever first. */
const CHECKPOINT_ROWS = 1000;
const CHECKPOINT_MS = 5000;
/** Stop reading and hand on when this much of the invocation's time is left (at most 90 s). */
const HANDOFF_SHARE = 0.25;
const HANDOFF_MAX_MS = 90_000;

/**
 * Imports one dropped file, or resumes one (a continuation). Every row's outcome is stored before the
 * checkpoint moves past it, and every row is idempotent (an invoice by number and content, a payment by
 * its content id), so a crash anywhere costs at most a re-read of the rows since the last checkpoint.
 */
export async function importDroppedFile(deps: ImportDeps, event: { bucket: string; key: string; etag?: string; size?: number; eventTime?: string }, invocation: Invocation): Promise<ImportResult> {
  const begunAt = deps.timer.now();
  let source: ImportSource;
  const parsed = parseIncomingKey(event.key);
  if ('invalid' in parsed) return { outcome: 'ignored', reason: parsed.invalid };
  const dropped: DroppedFile = parsed;
  if (event.etag === undefined || event.size === undefined) {
    const head = await deps.files.head(event.bucket, event.key);
    if (!head) return { outcome: 'ignored', reason: `${event.key} no longer exists` };
    source = { bucket: event.bucket, key: event.key, etag: head.etag, size: head.size, ...(event.eventTime ? { eventTime: event.eventTime } : {}) };
  } else {
    source = { bucket: event.bucket, key: event.key, etag: event.etag, size: event.size, ...(event.eventTime ? { eventTime: event.eventTime } : {}) };
  }
  const profileName = dropped.profile ?? defaultProfileName(dropped.kind, dropped.file);
  const jobId = importJobId(source.bucket, source.key, source.etag);
  const lease: Lease = { token: invocation.token, until: invocation.deadline };

  const profile = (await deps.profiles.get(dropped.tenantId, profileName)) ?? builtInProfile(profileName);
  const fresh: ImportJob = {
    tenantId: dropped.tenantId,
    jobId,
    kind: dropped.kind,
    profile: profileName,
    file: dropped.file,
    source,
    status: 'running',
    position: { offset: 0, line: 1 },
    counts: { read: 0, imported: 0, unchanged: 0, rejected: 0 },
    rejectParts: [],
    startedAt: deps.clock.now().toISOString(),
    processingMs: 0,
    invocations: 0,
  };
  if (profile === undefined || profile.kind !== dropped.kind) {
    // Not recorded as a job: once the profile exists, dropping the same file again must work.
    const message = profile === undefined ? `There is no import profile '${profileName}' for tenant ${dropped.tenantId}; create it with PUT /import-profiles/${profileName} or use a built-in one` : `Profile '${profileName}' reads ${profile.kind}, but the file was dropped under ${dropped.kind}/`;
    const report = reportOf({ ...fresh, status: 'failed', error: { code: 'unknown_profile', message }, finishedAt: fresh.startedAt });
    await deps.files.put(source.bucket, reportKey(dropped), JSON.stringify(report, null, 2), 'application/json');
    return { outcome: 'failed', jobId, report };
  }

  const begun = await deps.jobs.begin(fresh, lease);
  if (begun.state === 'busy') return { outcome: 'busy', jobId };
  if (begun.state === 'finished') {
    if (event.eventTime === begun.job.source.eventTime) return { outcome: 'finished-before', jobId };
    // The same object version announced again (a re-drop of identical bytes under the same key).
    const report = duplicateReport(fresh, begun.job, deps);
    await deps.files.put(source.bucket, reportKey(dropped), JSON.stringify(report, null, 2), 'application/json');
    return { outcome: 'duplicate', jobId, report };
  }
  const job = begun.job;
  job.invocations++;
  if (begun.state === 'new') {
    const first = await deps.jobs.claimContent(job.tenantId, importContentKey(job.kind, job.profile, source.etag), job);
    if (first.jobId !== jobId) {
      const original = await deps.jobs.get(job.tenantId, first.jobId);
      job.status = 'duplicate';
      job.duplicateOf = { key: first.key, jobId: first.jobId };
      job.finishedAt = deps.clock.now().toISOString();
      await deps.jobs.save(job, lease);
      const report = { ...reportOf(job), duplicateOf: { ...job.duplicateOf, ...(original ? { counts: original.counts } : {}) } };
      await deps.files.put(source.bucket, reportKey(job), JSON.stringify(report, null, 2), 'application/json');
      return { outcome: 'duplicate', jobId, report };
    }
  }

  const run = new ImportRun(deps, job, profile, lease, begunAt, invocation.deadline);
  try {
    return await run.execute();
  } catch (error) {
    // A failure we did not expect (an outage): give the lease back so Lambda's retry resumes at once
    // from the last checkpoint, and let the invocation fail.
    await deps.jobs.release(job, lease).catch(() => undefined);
    throw error;
  }
}

class ImportRun {
  private readonly mapper: RowMapper;
  private readonly limiter: RateLimiter;
  /** Invoice numbers seen in this file (this invocation): number → first line and content fingerprint. */
  private readonly seen = new Map<string, { line: number; hash: string }>();
  private pendingRejects: string[] = [];
  private segmentStart: number;
  private rowsSinceCheckpoint = 0;
  private lastCheckpoint: number;
  private readonly handoffAt: number;

  constructor(
    private readonly deps: ImportDeps,
    private readonly job: ImportJob,
    profile: ImportProfile,
    private readonly lease: Lease,
    private readonly begunAt: number,
    deadline: number,
  ) {
    this.mapper = new RowMapper(profile);
    this.limiter = new RateLimiter(deps.startsPerSecond, deps.timer);
    this.segmentStart = job.position.line;
    this.lastCheckpoint = begunAt;
    this.handoffAt = deadline - Math.min(HANDOFF_MAX_MS, (deadline - begunAt) * HANDOFF_SHARE);
  }

  async execute(): Promise<ImportResult> {
    const { job, deps, mapper } = this;
    if (job.source.size > 0 && job.position.offset >= job.source.size) return this.finish();
    const stream: Readable = await deps.files.open(job.source.bucket, job.source.key, job.source.etag, job.position.offset);
    let group: SourceRow[] = [];
    try {
      for await (const event of readRecords(stream, { format: mapper.profile.format, delimiter: mapper.profile.delimiter, position: job.position })) {
        if (event.type === 'header') {
          const missing = mapper.requiredColumns().filter((column) => !event.columns.includes(column));
          if (missing.length > 0) {
            throw new FileFormatError('missing_columns', `The header lacks column(s) ${missing.join(', ')} that profile '${job.profile}' reads (found: ${event.columns.join(', ')})`, event.line);
          }
          job.position = { offset: event.endOffset, line: event.line + 1, header: event.columns };
          this.segmentStart = job.position.line;
          continue;
        }
        group.push(event);
        if (group.length < GROUP_SIZE) continue;
        await this.processGroup(group);
        group = [];
        if (this.rowsSinceCheckpoint >= CHECKPOINT_ROWS || deps.timer.now() - this.lastCheckpoint >= CHECKPOINT_MS) await this.checkpoint();
        if (deps.timer.now() >= this.handoffAt) {
          stream.destroy();
          return await this.handOn();
        }
      }
      await this.processGroup(group);
    } catch (error) {
      if (!(error instanceof FileFormatError)) throw error;
      stream.destroy();
      // The rows read before the point of failure are good rows: they go in; the report says where it broke.
      await this.processGroup(group);
      job.status = 'failed';
      job.error = { code: error.code, message: error.message, ...(error.line === undefined ? {} : { line: error.line }) };
    }
    return this.finish();
  }

  private async processGroup(rows: SourceRow[]): Promise<void> {
    if (rows.length === 0) return;
    const { job, mapper } = this;
    const invoices: { row: SourceRow; input: InvoiceInput }[] = [];
    const payments: { row: SourceRow; input: PaymentInput }[] = [];
    const rejected: { row: SourceRow; reason: string }[] = [];
    for (const row of rows) {
      job.counts.read++;
      if (row.problem) {
        rejected.push({ row, reason: `The row ${row.problem}` });
        continue;
      }
      if (job.kind === 'invoices') {
        const mapped = mapper.invoice(row.record);
        if (!mapped.ok) {
          rejected.push({ row, reason: mapped.reason });
          continue;
        }
        const hash = invoiceContentHash(mapped.value).slice(0, 16);
        const earlier = this.seen.get(mapped.value.invoiceNumber);
        if (earlier) {
          if (earlier.hash === hash) job.counts.unchanged++;
          else rejected.push({ row, reason: `invoiceNumber ${mapped.value.invoiceNumber} appears at line ${earlier.line} of this file with different content` });
          continue;
        }
        this.seen.set(mapped.value.invoiceNumber, { line: row.line, hash });
        invoices.push({ row, input: mapped.value });
      } else {
        const mapped = mapper.payment(row.record);
        if (!mapped.ok) {
          rejected.push({ row, reason: mapped.reason });
          continue;
        }
        payments.push({ row, input: mapped.value });
      }
    }
    const results: { row: SourceRow; result: RowOutcome }[] = [];
    if (invoices.length > 0) {
      const outcomes = await importInvoiceGroup(this.deps, job.tenantId, invoices.map(({ input }) => input));
      outcomes.forEach((result, index) => results.push({ row: invoices[index]!.row, result }));
    }
    if (payments.length > 0) {
      const outcomes = await importPaymentGroup(this.deps, job.tenantId, payments.map(({ input }) => input), { concurrency: ROW_CONCURRENCY, pace: this.limiter });
      outcomes.forEach((result, index) => results.push({ row: payments[index]!.row, result }));
    }
    for (const { row, result } of results) {
      if (result.outcome === 'rejected') rejected.push({ row, reason: result.reason });
      else job.counts[result.outcome]++;
    }
    // The rejects file lists rows in file order.
    rejected.sort((a, b) => a.row.line - b.row.line);
    for (const { row, reason } of rejected) this.reject(row, reason);
    const last = rows.at(-1)!;
    job.position = { ...job.position, offset: last.endOffset, line: nextLine(last) };
    this.rowsSinceCheckpoint += rows.length;
  }

  private reject(row: SourceRow, reason: string): void {
    this.job.counts.rejected++;
    this.pendingRejects.push(rejectLine(row.line, reason, row.raw));
  }

  /** Rejected rows first, then the checkpoint: a crash between the two rewrites the same part. */
  private async checkpoint(): Promise<void> {
    const { job, deps } = this;
    if (this.pendingRejects.length > 0) {
      await deps.files.put(job.source.bucket, rejectsPartKey(job.tenantId, job.jobId, this.segmentStart), this.pendingRejects.join(''), 'text/csv');
      job.rejectParts.push(this.segmentStart);
      this.pendingRejects = [];
    }
    const now = deps.timer.now();
    job.processingMs += now - this.lastCheckpoint;
    this.lastCheckpoint = now;
    if (!(await deps.jobs.save(job, this.lease))) throw new Error(`Import ${job.jobId} was taken over by another invocation`);
    this.segmentStart = job.position.line;
    this.rowsSinceCheckpoint = 0;
    await deps.files.put(job.source.bucket, reportKey(job), JSON.stringify(reportOf(job), null, 2), 'application/json');
  }

  private async handOn(): Promise<ImportResult> {
    const { job, deps } = this;
    await this.checkpoint();
    await deps.jobs.release(job, this.lease);
    await deps.files.put(
      job.source.bucket,
      continuationKey(job.tenantId, job.jobId, job.invocations),
      JSON.stringify({ bucket: job.source.bucket, key: job.source.key, etag: job.source.etag, size: job.source.size, ...(job.source.eventTime ? { eventTime: job.source.eventTime } : {}) }),
      'application/json',
    );
    return { outcome: 'handed-on', jobId: job.jobId };
  }

  private async finish(): Promise<ImportResult> {
    const { job, deps } = this;
    if (job.status === 'running') job.status = 'completed';
    job.finishedAt = deps.clock.now().toISOString();
    await this.checkpointRejectsOnly();
    if (job.rejectParts.length > 0) {
      const parts: string[] = [rejectsHeader];
      for (const line of job.rejectParts) parts.push((await deps.files.getText(job.source.bucket, rejectsPartKey(job.tenantId, job.jobId, line))) ?? '');
      await deps.files.put(job.source.bucket, rejectsKey(job), parts.join(''), 'text/csv');
    }
    const now = deps.timer.now();
    job.processingMs += now - this.lastCheckpoint;
    this.lastCheckpoint = now;
    if (!(await deps.jobs.save(job, this.lease))) throw new Error(`Import ${job.jobId} was taken over by another invocation`);
    const report = reportOf(job);
    await deps.files.put(job.source.bucket, reportKey(job), JSON.stringify(report, null, 2), 'application/json');
    await deps.jobs.release(job, this.lease);
    for (const line of job.rejectParts) await deps.files.delete(job.source.bucket, rejectsPartKey(job.tenantId, job.jobId, line)).catch(() => undefined);
    return { outcome: job.status === 'failed' ? 'failed' : 'completed', jobId: job.jobId, report };
  }

  private async checkpointRejectsOnly(): Promise<void> {
    if (this.pendingRejects.length === 0) return;
    const { job, deps } = this;
    await deps.files.put(job.source.bucket, rejectsPartKey(job.tenantId, job.jobId, this.segmentStart), this.pendingRejects.join(''), 'text/csv');
    job.rejectParts.push(this.segmentStart);
    this.pendingRejects = [];
  }
}

function nextLine(row: SourceRow): number {
  return row.line + (row.raw.match(/\n/g)?.length ?? 0) + 1;
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
    timings: {
      startedAt: job.startedAt,
      ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
      processingMs: Math.round(job.processingMs),
      rowsPerSecond: seconds > 0 ? Math.round(job.counts.read / seconds) : 0,
      invocations: job.invocations,
    },
  };
}

function duplicateReport(fresh: ImportJob, original: ImportJob, deps: ImportDeps): ImportReport {
  const at = deps.clock.now().toISOString();
  return {
    ...reportOf({ ...fresh, status: 'duplicate', finishedAt: at, duplicateOf: { key: original.source.key, jobId: original.jobId } }),
    duplicateOf: { key: original.source.key, jobId: original.jobId, counts: original.counts },
  };
}
