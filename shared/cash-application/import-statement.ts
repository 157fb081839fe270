import type { Readable } from 'node:stream';
import { claimOrDuplicate, continuationKey, dropSource, handoffAt, newImportJob, parseIncomingKey, putReport, type DropEvent, type ImportJob, type Lease } from '../imports/index.js';
import type { BankEntry, RejectedEntry } from './bank-entry.js';
import { readCamt } from './camt-reader.js';
import type { CashApplicationDeps } from './deps.js';
import { applyTransaction } from './apply-transaction.js';
import { reverseTransaction } from './reverse-transaction.js';
import { StatementFormatError } from './statement-format-error.js';
import { statementReport, tally, type StatementReport } from './statement-report.js';

export type StatementResult =
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'busy' | 'finished-before' | 'handed-on'; jobId: string }
  | { outcome: 'completed' | 'failed' | 'duplicate'; jobId: string; report: StatementReport };

/** Entries applied between checkpoints (the position saved counts their transactions). */
const CHECKPOINT_ENTRIES = 500;

/**
 * Imports a camt.053/054 file dropped under incoming/<tenant>/bank-statements/ (or resumes one). Until
 * the first checkpoint, a first pass reads the whole file: a file that is not XML, another message or
 * truncated fails with nothing applied. The second pass applies the credits in file order and lists
 * unusable entries with their position; the job's position counts transactions, saved with the
 * tallies, and every transaction is idempotent by the bank's references, so a crash or a hand-on
 * costs a re-read only.
 */
export async function importStatement(deps: CashApplicationDeps, event: DropEvent, invocation: { deadline: number; token: string }): Promise<StatementResult> {
  const begunAt = deps.timer.now();
  const parsed = parseIncomingKey(event.key);
  if ('invalid' in parsed) return { outcome: 'ignored', reason: parsed.invalid };
  if (parsed.kind !== 'bank-statements') return { outcome: 'ignored', reason: `${event.key} is not a bank statement` };
  const source = await dropSource(deps.files, event);
  if (!source) return { outcome: 'ignored', reason: `${event.key} no longer exists` };
  const lease: Lease = { token: invocation.token, until: invocation.deadline };
  const fresh: ImportJob = { ...newImportJob(parsed, 'camt', source, deps.clock.now().toISOString(), { offset: 0, line: 0 }), tallies: {} };
  const jobId = fresh.jobId;
  const begun = await deps.jobs.begin(fresh, lease);
  if (begun.state === 'busy') return { outcome: 'busy', jobId };
  if (begun.state === 'finished') {
    if (event.eventTime === begun.job.source.eventTime) return { outcome: 'finished-before', jobId };
    const report = { ...statementReport({ ...begun.job, status: 'duplicate' }, []), duplicateOf: { key: begun.job.source.key, jobId: begun.job.jobId, counts: begun.job.counts } };
    return { outcome: 'duplicate', jobId, report };
  }
  const job = begun.job;
  job.invocations++;
  if (begun.state === 'new') {
    // The same bytes dropped under another name: every transaction would be a duplicate anyway.
    if (await claimOrDuplicate(deps, job, lease)) return finish(deps, job, lease, []);
  }
  try {
    return await run(deps, job, lease, begunAt, invocation.deadline);
  } catch (error) {
    await deps.jobs.release(job, lease).catch(() => undefined);
    throw error;
  }
}

async function run(deps: CashApplicationDeps, job: ImportJob, lease: Lease, begunAt: number, deadline: number): Promise<StatementResult> {
  const open = (): Promise<Readable> => deps.files.open(job.source.bucket, job.source.key, job.source.etag, 0);
  // Pass 1: the whole file must read, before anything of it is applied. A job past its first
  // checkpoint passed it before, and reads the same bytes (pinned to the etag): it goes on to pass 2.
  if (job.position.line === 0) {
    try {
      for await (const _event of readCamt(await open()));
    } catch (error) {
      if (!(error instanceof StatementFormatError)) throw error;
      job.status = 'failed';
      job.error = { code: error.reason, message: error.message, ...(error.line === undefined ? {} : { line: error.line }) };
      job.finishedAt = deps.clock.now().toISOString();
      return finish(deps, job, lease, []);
    }
  }
  // Pass 2: apply, from the checkpoint on; the unusable entries of the whole file are listed.
  const rejected: RejectedEntry[] = [];
  const handOnAt = handoffAt(begunAt, deadline);
  let ordinal = 0;
  let sinceCheckpoint = 0;
  let lastCheckpoint = begunAt;
  const stream = await open();
  for await (const event of readCamt(stream)) {
    if (event.type === 'rejected') rejected.push(event.entry);
    if (event.type !== 'entry') continue;
    const entry = event.entry;
    ordinal += entry.transactions.length;
    if (ordinal <= job.position.line) continue;
    await applyEntry(deps, job, entry);
    job.position = { offset: 0, line: ordinal };
    if (++sinceCheckpoint >= CHECKPOINT_ENTRIES) {
      lastCheckpoint = await checkpoint(deps, job, lease, lastCheckpoint);
      sinceCheckpoint = 0;
      if (deps.timer.now() >= handOnAt) {
        stream.destroy();
        await deps.jobs.release(job, lease);
        await deps.files.put(job.source.bucket, continuationKey(job.tenantId, job.jobId, job.invocations), JSON.stringify({ bucket: job.source.bucket, key: job.source.key, etag: job.source.etag, size: job.source.size }), 'application/json');
        return { outcome: 'handed-on', jobId: job.jobId };
      }
    }
  }
  job.status = 'completed';
  // The refused transactions were counted as they came; the unusable entries are known once the file is read.
  job.counts.rejected += rejected.length;
  job.finishedAt = deps.clock.now().toISOString();
  job.processingMs += deps.timer.now() - lastCheckpoint;
  return finish(deps, job, lease, rejected);
}

/** One entry's transactions (entries before the checkpoint never get here). */
async function applyEntry(deps: CashApplicationDeps, job: ImportJob, entry: BankEntry): Promise<void> {
  tally(job, 'entries');
  job.counts.read++;
  if (entry.status !== 'booked') return tally(job, 'notBooked');
  if (entry.reversal) {
    tally(job, 'reversed');
    // A reversed credit comes back as a debit that names the credit's references.
    if (!entry.credit) for (const tx of entry.transactions) await reverseTransaction(deps, job.tenantId, entry, tx);
    return;
  }
  for (const tx of entry.transactions) {
    if (!tx.credit) {
      tally(job, 'debits');
      continue;
    }
    tally(job, 'credits');
    tally(job, `credited.${tx.currency}`, tx.amount);
    const result = await applyTransaction(deps, job.tenantId, job.jobId, entry, tx);
    if (result.outcome === 'rejected') {
      tally(job, 'rejectedTransactions');
      job.counts.rejected++;
      continue;
    }
    const name = { 'by-reference': 'matchedByReference', 'by-number': 'matchedByNumber', suggested: 'suggested', unapplied: 'unapplied' }[result.outcome];
    tally(job, name);
    if (result.outcome === 'by-reference' || result.outcome === 'by-number') tally(job, `matched.${tx.currency}`, tx.amount);
    job.counts[result.fresh ? 'imported' : 'unchanged']++;
  }
}

async function checkpoint(deps: CashApplicationDeps, job: ImportJob, lease: Lease, since: number): Promise<number> {
  const now = deps.timer.now();
  job.processingMs += now - since;
  if (!(await deps.jobs.save(job, lease))) throw new Error(`Statement import ${job.jobId} was taken over by another invocation`);
  await putReport(deps.files, job.source.bucket, job, statementReport(job, []));
  return now;
}

async function finish(deps: CashApplicationDeps, job: ImportJob, lease: Lease, rejected: RejectedEntry[]): Promise<StatementResult> {
  job.tallies = { ...job.tallies, rejectedEntries: rejected.length };
  if (!(await deps.jobs.save(job, lease))) throw new Error(`Statement import ${job.jobId} was taken over by another invocation`);
  const report = statementReport(job, rejected);
  await putReport(deps.files, job.source.bucket, job, report);
  await deps.jobs.release(job, lease);
  return { outcome: job.status === 'failed' ? 'failed' : job.status === 'duplicate' ? 'duplicate' : 'completed', jobId: job.jobId, report };
}
