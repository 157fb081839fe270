import { ConflictError, NotFoundError } from '../kernel/index.js';
import type { ImportJobs } from './import-ports.js';
import { closeAll, type OpenItemDeps } from './open-items.js';

export type ConfirmDeps = OpenItemDeps & { jobs: Pick<ImportJobs, 'get'> };

export interface ConfirmResult {
  outcome: 'confirmed' | 'unchanged';
  jobId: string;
  /** Invoices this confirmation closed (an invoice that was paid or closed meanwhile is left as it is). */
  closed: number;
  held: number;
}

/**
 * POST /imports/{jobId}/confirm: applies the closes an open-items snapshot held back (more than its
 * profile's `maxCloseShare` of the tenant's open invoices). Only the tenant's own job (another
 * tenant's id is not found) and only while it is the tenant's last applied snapshot: a later snapshot
 * decides afresh what is missing, so confirming an older one would close by an outdated list. Each
 * close is settleUpstream to zero (idempotent), so a confirmation retried after a crash closes the rest;
 * once recorded, a second confirmation is `unchanged`.
 */
export async function confirmOpenItems(deps: ConfirmDeps, tenantId: string, jobId: string): Promise<ConfirmResult> {
  const job = await deps.jobs.get(tenantId, jobId);
  if (!job || job.kind !== 'open-items') throw new NotFoundError(`There is no open-items import ${jobId}`);
  const held = job.openItems?.awaiting?.length ?? 0;
  if (job.openItems?.state === 'too_many') {
    throw new ConflictError('snapshot_too_large', `Import ${jobId} would close ${held} or more invoices, more than can be held for confirmation: send a snapshot that changes less at once, or raise the profile's maxCloseShare`);
  }
  const mark = await deps.snapshots.last(tenantId);
  if (mark?.jobId !== jobId) {
    if (job.openItems?.state === 'awaiting_confirmation') throw new ConflictError('snapshot_superseded', `Import ${jobId} is no longer the last applied snapshot: the later one decided what is missing`);
    return { outcome: 'unchanged', jobId, closed: 0, held: 0 };
  }
  if (mark.confirmedAt !== undefined || mark.awaiting === undefined || mark.awaiting.length === 0) return { outcome: 'unchanged', jobId, closed: 0, held: mark.awaiting?.length ?? 0 };
  const closed = await closeAll(deps, tenantId, job.source.key, mark.awaiting);
  const first = await deps.snapshots.confirm(tenantId, jobId, deps.clock.now().toISOString());
  return { outcome: first ? 'confirmed' : 'unchanged', jobId, closed, held: mark.awaiting.length };
}
