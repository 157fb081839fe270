/**
 * The last open-item snapshot applied per tenant (docs/open-items.md). Snapshots are applied in the
 * order of `order` (see snapshotOrder in open-items.ts): one whose order is not above the last applied
 * one is stale and changes nothing, so an older snapshot never reopens or re-closes anything.
 */
export interface SnapshotMark {
  jobId: string;
  /** Sortable: `v#<15-digit version>` for a file named `*.v<n>.<ext>`, else `t#<ISO drop time>`. */
  order: string;
  file: string;
  appliedAt: string;
  /** Invoices this snapshot would close, held back until POST /imports/{jobId}/confirm. */
  awaiting?: string[];
  confirmedAt?: string;
}

export interface OpenItemSnapshots {
  last(tenantId: string): Promise<SnapshotMark | undefined>;
  /**
   * Records the snapshot as the tenant's last applied one, unless another job's snapshot of the same or a
   * later order is recorded (`stale`). The same job again (a resumed import) is `applied`.
   */
  advance(tenantId: string, mark: Omit<SnapshotMark, 'awaiting' | 'confirmedAt'>): Promise<'applied' | 'stale'>;
  /** Holds the closes back on the job's mark; false when a later snapshot replaced it. */
  hold(tenantId: string, jobId: string, awaiting: readonly string[]): Promise<boolean>;
  /** Marks the held closes confirmed, once: false when already confirmed or a later snapshot replaced the mark. */
  confirm(tenantId: string, jobId: string, at: string): Promise<boolean>;
}

/** The tenant's invoices that may be open, for "missing from the snapshot": a superset is fine (each is re-read before it is closed). */
export interface OpenInvoiceList {
  openInvoiceNumbers(tenantId: string): Promise<string[]>;
}
