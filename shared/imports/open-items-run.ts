import { invoiceContentHash } from '../invoicing/index.js';
import type { ImportProfile } from './import-profile.js';
import type { ImportFiles, ImportJob } from './import-ports.js';
import { applyOpenItems, closeMissing, mapOpenItem, snapshotOrder, type OpenItem, type OpenItemDeps } from './open-items.js';
import { readRecords, type SourceRow } from './record-reader.js';
import type { RowMapper } from './row-mapper.js';

/**
 * An open-items file's part of an import (docs/open-items.md): its place in the tenant's order before
 * the first row, its rows as they are read, and the invoices it leaves out once the last row is in.
 */
export class OpenItemsRun {
  /** Invoice numbers of this invocation's rows → first line and content fingerprint (a snapshot lists each invoice once). */
  private readonly seen = new Map<string, { line: number; hash: string }>();

  constructor(
    private readonly deps: OpenItemDeps & { files: Pick<ImportFiles, 'open'> },
    private readonly job: ImportJob,
    private readonly profile: ImportProfile,
    private readonly mapper: RowMapper,
  ) {}

  /** False when the snapshot is older than the tenant's last applied one: it is then not read at all. */
  async begin(): Promise<boolean> {
    const { job, deps } = this;
    if (job.openItems?.state === 'stale') return false;
    const order = job.openItems?.order ?? snapshotOrder(job.file, job.source.eventTime ?? job.startedAt);
    const outcome = await deps.snapshots.advance(job.tenantId, { jobId: job.jobId, order, file: job.file, appliedAt: deps.clock.now().toISOString() });
    job.openItems = { order, state: outcome === 'stale' ? 'stale' : 'applying' };
    if (outcome === 'stale') job.counts.staleSnapshot = 1;
    return outcome === 'applied';
  }

  /** Maps and applies a group of rows; returns the rejected ones with their reasons. */
  async rows(rows: readonly SourceRow[]): Promise<{ row: SourceRow; reason: string }[]> {
    const { job, mapper } = this;
    const rejected: { row: SourceRow; reason: string }[] = [];
    const items: (OpenItem & { row: SourceRow })[] = [];
    for (const row of rows) {
      if (row.problem) {
        rejected.push({ row, reason: `The row ${row.problem}` });
        continue;
      }
      const mapped = mapOpenItem(mapper, row.record);
      if (!mapped.ok) {
        rejected.push({ row, reason: mapped.reason });
        continue;
      }
      const hash = invoiceContentHash(mapped.value.input).slice(0, 16) + String(mapped.value.balance);
      const earlier = this.seen.get(mapped.value.input.invoiceNumber);
      if (earlier) {
        if (earlier.hash === hash) job.counts.unchanged++;
        else rejected.push({ row, reason: `invoiceNumber ${mapped.value.input.invoiceNumber} appears at line ${earlier.line} of this snapshot with other content` });
        continue;
      }
      this.seen.set(mapped.value.input.invoiceNumber, { line: row.line, hash });
      items.push({ ...mapped.value, row, source: { via: 'file', file: job.source.key, line: row.line } });
    }
    const outcomes = await applyOpenItems(this.deps, job.tenantId, items);
    outcomes.forEach((result, index) => {
      if (result.outcome === 'rejected') return rejected.push({ row: items[index]!.row, reason: result.reason });
      job.counts[result.outcome] = (job.counts[result.outcome] ?? 0) + 1;
      if (result.balance) job.counts[result.balance] = (job.counts[result.balance] ?? 0) + 1;
      return undefined;
    });
    return rejected;
  }

  /**
   * After the last row: the tenant's open invoices the file does not list are closed, or held for
   * confirmation. A file that broke off (a format error) is not a full list: it closes nothing.
   */
  async finish(): Promise<void> {
    const { job } = this;
    if (job.openItems === undefined || job.openItems.state !== 'applying') return;
    if (job.status === 'failed') {
      job.openItems = { ...job.openItems, state: 'incomplete' };
      return;
    }
    const outcome = await closeMissing(this.deps, { tenantId: job.tenantId, jobId: job.jobId, file: job.source.key, listed: await this.listedNumbers(), maxCloseShare: this.profile.maxCloseShare });
    if (outcome.state === 'applied') {
      job.counts.closedMissing = outcome.closed;
      job.openItems = { ...job.openItems, state: 'applied' };
    } else {
      job.counts.awaitingConfirmation = outcome.awaiting.length;
      job.openItems = { ...job.openItems, state: outcome.state, awaiting: outcome.awaiting };
    }
  }

  /**
   * Every invoice number the file names, read again from its start (numbers only, so it is cheap and
   * survives hand-overs between invocations). A rejected row's invoice counts as listed: a bad row
   * must never close the invoice it was about.
   */
  private async listedNumbers(): Promise<Set<string>> {
    const { job, deps, mapper } = this;
    const listed = new Set<string>();
    const stream = await deps.files.open(job.source.bucket, job.source.key, job.source.etag, 0);
    for await (const event of readRecords(stream, { format: mapper.profile.format, delimiter: mapper.profile.delimiter, position: { offset: 0, line: 1 } })) {
      if (event.type !== 'row') continue;
      const number = mapper.invoiceNumberOf(event.record);
      if (number !== undefined) listed.add(number);
    }
    return listed;
  }
}
