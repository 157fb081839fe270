import { builtInProfile, defaultProfileName, type ImportKind } from './import-profile.js';
import type { ImportJob, ImportSource, Lease } from './import-ports.js';
import { importContentKey, importJobId, parseIncomingKey, reportKey, type DroppedFile } from './import-keys.js';
import { reportOf, type ImportReport, type ImportResult } from './import-report.js';
import { ImportRun, type ImportDeps, type Invocation } from './import-run.js';

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
  if (parsed.kind === 'bank-statements') return { outcome: 'ignored', reason: `${event.key} is a bank statement: the cash-application module imports it` };
  const dropped: DroppedFile & { kind: ImportKind } = { ...parsed, kind: parsed.kind };
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

function duplicateReport(fresh: ImportJob, original: ImportJob, deps: ImportDeps): ImportReport {
  const at = deps.clock.now().toISOString();
  return {
    ...reportOf({ ...fresh, status: 'duplicate', finishedAt: at, duplicateOf: { key: original.source.key, jobId: original.jobId } }),
    duplicateOf: { key: original.source.key, jobId: original.jobId, counts: original.counts },
  };
}
