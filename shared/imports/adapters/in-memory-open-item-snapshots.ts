import type { OpenItemSnapshots, SnapshotMark } from '../open-item-snapshots.port.js';

/** The last applied open-item snapshot per tenant, in process memory, with the DynamoDB adapter's conditions. */
export class InMemoryOpenItemSnapshots implements OpenItemSnapshots {
  private readonly marks = new Map<string, SnapshotMark>();

  async last(tenantId: string): Promise<SnapshotMark | undefined> {
    const mark = this.marks.get(tenantId);
    return mark ? structuredClone(mark) : undefined;
  }

  async advance(tenantId: string, mark: Omit<SnapshotMark, 'awaiting' | 'confirmedAt'>): Promise<'applied' | 'stale'> {
    const stored = this.marks.get(tenantId);
    if (stored?.jobId === mark.jobId) return 'applied';
    if (stored && stored.order >= mark.order) return 'stale';
    this.marks.set(tenantId, structuredClone(mark));
    return 'applied';
  }

  async hold(tenantId: string, jobId: string, awaiting: readonly string[]): Promise<boolean> {
    const stored = this.marks.get(tenantId);
    if (stored?.jobId !== jobId) return false;
    stored.awaiting = [...awaiting];
    return true;
  }

  async confirm(tenantId: string, jobId: string, at: string): Promise<boolean> {
    const stored = this.marks.get(tenantId);
    if (stored?.jobId !== jobId || stored.confirmedAt !== undefined) return false;
    stored.confirmedAt = at;
    return true;
  }
}
