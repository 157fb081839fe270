import { builtInProfile, defaultProfileName, type ImportKind } from './import-profile.js';
import type { ImportJob, Lease } from './import-ports.js';
import { claimOrDuplicate, dropSource, newImportJob, putReport, type DropEvent } from './import-job.js';
import { parseIncomingKey, type DroppedFile } from './import-keys.js';
import { reportOf, type ImportReport, type ImportResult } from './import-report.js';
import { ImportRun, type ImportDeps, type Invocation } from './import-run.js';

/**
 * Imports one dropped file, or resumes one (a continuation). Every row's outcome is stored before the
 * checkpoint moves past it, and every row is idempotent (an invoice by number and content, a payment by
 * its content id), so a crash anywhere costs at most a re-read of the rows since the last checkpoint.
 */
export async function importDroppedFile(deps: ImportDeps, event: DropEvent, invocation: Invocation): Promise<ImportResult> {
  const begunAt = deps.timer.now();
  const parsed = parseIncomingKey(event.key);
  if ('invalid' in parsed) return { outcome: 'ignored', reason: parsed.invalid };
  if (parsed.kind === 'bank-statements') return { outcome: 'ignored', reason: `${event.key} is a bank statement: the cash-application module imports it` };
  const dropped: DroppedFile & { kind: ImportKind } = { ...parsed, kind: parsed.kind };
  const source = await dropSource(deps.files, event);
  if (!source) return { outcome: 'ignored', reason: `${event.key} no longer exists` };
  const profileName = dropped.profile ?? defaultProfileName(dropped.kind, dropped.file);
  const lease: Lease = { token: invocation.token, until: invocation.deadline };

  const profile = (await deps.profiles.get(dropped.tenantId, profileName)) ?? builtInProfile(profileName);
  const fresh = newImportJob(dropped, profileName, source, deps.clock.now().toISOString(), { offset: 0, line: 1 });
  const jobId = fresh.jobId;
  if (profile === undefined || profile.kind !== dropped.kind) {
    // Not recorded as a job: once the profile exists, dropping the same file again must work.
    const message = profile === undefined ? `There is no import profile '${profileName}' for tenant ${dropped.tenantId}; create it with PUT /import-profiles/${profileName} or use a built-in one` : `Profile '${profileName}' reads ${profile.kind}, but the file was dropped under ${dropped.kind}/`;
    const report = reportOf({ ...fresh, status: 'failed', error: { code: 'unknown_profile', message }, finishedAt: fresh.startedAt });
    await putReport(deps.files, source.bucket, dropped, report);
    return { outcome: 'failed', jobId, report };
  }

  const begun = await deps.jobs.begin(fresh, lease);
  if (begun.state === 'busy') return { outcome: 'busy', jobId };
  if (begun.state === 'finished') {
    if (event.eventTime === begun.job.source.eventTime) return { outcome: 'finished-before', jobId };
    // The same object version announced again (a re-drop of identical bytes under the same key).
    const report = duplicateReport(fresh, begun.job, deps);
    await putReport(deps.files, source.bucket, dropped, report);
    return { outcome: 'duplicate', jobId, report };
  }
  const job = begun.job;
  job.invocations++;
  if (begun.state === 'new') {
    const first = await claimOrDuplicate(deps, job, lease);
    if (first) {
      const original = await deps.jobs.get(job.tenantId, first.jobId);
      const report = { ...reportOf(job), duplicateOf: { key: first.key, jobId: first.jobId, ...(original ? { counts: original.counts } : {}) } };
      await putReport(deps.files, source.bucket, job, report);
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
