import type { Readable } from 'node:stream';
import { invoiceContentHash, type InvoiceInput } from '../invoicing/index.js';
import type { PaymentInput } from '../payments/index.js';
import { FileFormatError } from './file-format-error.js';
import { type ImportProfile } from './import-profile.js';
import type { ImportFiles, ImportJob, ImportJobs, ImportProfileStore, Lease } from './import-ports.js';
import { handoffAt, putReport } from './import-job.js';
import { continuationKey, rejectsKey, rejectsPartKey } from './import-keys.js';
import { RateLimiter } from './rate-limiter.js';
import { readRecords, type SourceRow } from './record-reader.js';
import { rejectLine, rejectsHeader } from './rejects-csv.js';
import { RowMapper } from './row-mapper.js';
import type { InvoiceBatchStore } from './invoice-batch.port.js';
import type { ImportsDeps } from './deps.js';
import { importInvoiceGroup, upsertInvoiceGroup, type RowOutcome } from './import-invoices.js';
import type { SourceVersion } from './revise-invoice.js';
import { importPaymentGroup } from './import-payments.js';
import { importCreditNoteGroup } from './import-credit-notes.js';
import type { CreditNoteRequest } from '../credit-notes/index.js';
import { reportOf, type ImportResult } from './import-report.js';
import type { OpenInvoiceList, OpenItemSnapshots } from './open-item-snapshots.port.js';
import { OpenItemsRun } from './open-items-run.js';

export interface ImportDeps extends Pick<ImportsDeps, 'invoices' | 'payments' | 'creditNotes' | 'workflows' | 'clock' | 'policies' | 'customers' | 'invoiceRevisions' | 'paymentReferences'> {
  files: ImportFiles;
  jobs: ImportJobs;
  invoiceBatch: InvoiceBatchStore;
  profiles: ImportProfileStore;
  /** Real elapsed time (Lambda deadlines, pacing), as opposed to arflow's business clock. */
  timer: { now(): number; sleep(ms: number): Promise<void> };
  /** Workflow starts (and stops) per second this invocation may make. */
  startsPerSecond: number;
  /** Open-item snapshots: the last applied one per tenant, and where the tenant's open invoices are listed. */
  snapshots: OpenItemSnapshots;
  openInvoices: OpenInvoiceList;
}

export interface Invocation {
  /** `timer.now()` value by which the invocation must have handed on (the Lambda deadline). */
  deadline: number;
  /** Identifies this invocation's lease on the job. */
  token: string;
}

/** Rows mapped and written together; their writes run `ROW_CONCURRENCY` at a time. */
const GROUP_SIZE = 500;

const ROW_CONCURRENCY = 16;

/** Progress is saved (and the report refreshed) after this many rows or this long, whichever first. */
const CHECKPOINT_ROWS = 1000;

const CHECKPOINT_MS = 5000;

export class ImportRun {
  private readonly mapper: RowMapper;
  private readonly limiter: RateLimiter;
  /** Invoice numbers seen in this file (this invocation): number → first line and content fingerprint. */
  private readonly seen = new Map<string, { line: number; hash: string }>();
  private pendingRejects: string[] = [];
  private segmentStart: number;
  private rowsSinceCheckpoint = 0;
  private lastCheckpoint: number;
  private readonly handoffAt: number;
  /** Each row is the system of record's version of its invoice (the profile's mode, or a file named `*.upsert.<ext>`). */
  private readonly upsert: boolean;
  private readonly openItems: OpenItemsRun | undefined;

  constructor(
    private readonly deps: ImportDeps,
    private readonly job: ImportJob,
    profile: ImportProfile,
    private readonly lease: Lease,
    private readonly begunAt: number,
    deadline: number,
  ) {
    this.mapper = new RowMapper(profile);
    this.upsert = job.kind === 'invoices' && (profile.mode === 'upsert' || /\.upsert\.[^./]+$/i.test(job.file));
    this.openItems = job.kind === 'open-items' ? new OpenItemsRun(deps, job, profile, this.mapper) : undefined;
    this.limiter = new RateLimiter(deps.startsPerSecond, deps.timer);
    this.segmentStart = job.position.line;
    this.lastCheckpoint = begunAt;
    this.handoffAt = handoffAt(begunAt, deadline);
  }

  async execute(): Promise<ImportResult> {
    const { job, deps, mapper } = this;
    if (job.source.size > 0 && job.position.offset >= job.source.size) return this.finish();
    if (this.openItems && !(await this.openItems.begin())) return this.finish();
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
    if (this.openItems) {
      job.counts.read += rows.length;
      for (const { row, reason } of (await this.openItems.rows(rows)).sort((a, b) => a.row.line - b.row.line)) this.reject(row, reason);
      return this.advancePast(rows);
    }
    const invoices: { row: SourceRow; input: InvoiceInput; version: SourceVersion }[] = [];
    const payments: { row: SourceRow; input: PaymentInput }[] = [];
    const creditNotes: { row: SourceRow; line: number; input: CreditNoteRequest }[] = [];
    const rejected: { row: SourceRow; reason: string }[] = [];
    for (const row of rows) {
      job.counts.read++;
      if (row.problem) {
        rejected.push({ row, reason: `The row ${row.problem}` });
        continue;
      }
      if (job.kind === 'invoices') {
        const mapped = mapper.invoice(row.record);
        const version = this.upsert ? mapper.invoiceVersion(row.record) : { ok: true as const, value: {} };
        if (!mapped.ok || !version.ok) {
          rejected.push({ row, reason: [mapped, version].flatMap((result) => (result.ok ? [] : [result.reason])).join('; ') });
          continue;
        }
        // Upsert mode: every row of a number is a version of it, applied by version (the same number twice is normal in an ERP's change log).
        if (!this.upsert && this.repeated(row, mapped.value, rejected)) continue;
        invoices.push({ row, input: mapped.value, version: version.value });
      } else if (job.kind === 'credit-notes') {
        const mapped = mapper.creditNote(row.record);
        if (mapped.ok) creditNotes.push({ row, line: row.line, input: mapped.value });
        else rejected.push({ row, reason: mapped.reason });
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
      const outcomes = this.upsert
        ? await upsertInvoiceGroup(this.deps, job.tenantId, invoices.map(({ input, version }) => ({ ...input, ...version })), invoices.map(({ row }) => ({ via: 'file' as const, file: job.source.key, line: row.line })))
        : await importInvoiceGroup(this.deps, job.tenantId, invoices.map(({ input }) => input));
      outcomes.forEach((result, index) => results.push({ row: invoices[index]!.row, result }));
    }
    if (payments.length > 0) {
      const outcomes = await importPaymentGroup(this.deps, job.tenantId, payments.map(({ input }) => input), { concurrency: ROW_CONCURRENCY, pace: this.limiter });
      outcomes.forEach((result, index) => results.push({ row: payments[index]!.row, result }));
    }
    if (creditNotes.length > 0) {
      const outcomes = await importCreditNoteGroup(this.deps, job.tenantId, job.file, creditNotes, { concurrency: ROW_CONCURRENCY, pace: this.limiter });
      outcomes.forEach((result, index) => results.push({ row: creditNotes[index]!.row, result }));
    }
    for (const { row, result } of results) {
      if (result.outcome === 'rejected') rejected.push({ row, reason: result.reason });
      else job.counts[result.outcome] = (job.counts[result.outcome] ?? 0) + 1;
    }
    // The rejects file lists rows in file order.
    rejected.sort((a, b) => a.row.line - b.row.line);
    for (const { row, reason } of rejected) this.reject(row, reason);
    this.advancePast(rows);
  }

  /**
   * Whether the row's invoice number came earlier in this file: then the row is counted unchanged (same
   * content) or rejected (other content). The first row of a number is recorded and is no repeat.
   */
  private repeated(row: SourceRow, input: InvoiceInput, rejected: { row: SourceRow; reason: string }[]): boolean {
    const hash = invoiceContentHash(input).slice(0, 16);
    const earlier = this.seen.get(input.invoiceNumber);
    if (!earlier) {
      this.seen.set(input.invoiceNumber, { line: row.line, hash });
      return false;
    }
    if (earlier.hash === hash) this.job.counts.unchanged++;
    else rejected.push({ row, reason: `invoiceNumber ${input.invoiceNumber} appears at line ${earlier.line} of this file with different content` });
    return true;
  }

  private advancePast(rows: SourceRow[]): void {
    const { job } = this;
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
    await putReport(deps.files, job.source.bucket, job, reportOf(job));
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
    await this.openItems?.finish();
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
    await putReport(deps.files, job.source.bucket, job, report);
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
