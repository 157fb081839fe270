import type { Readable } from 'node:stream';
import type { FileKind, ImportProfile } from './import-profile.js';

/** The bucket files are dropped into; the S3 adapter implements it, s3rver stands in locally. */
export interface ImportFiles {
  /** The object's bytes from `offset` on, as they were at `etag` (a later overwrite fails the read). */
  open(bucket: string, key: string, etag: string, offset: number): Promise<Readable>;
  head(bucket: string, key: string): Promise<{ etag: string; size: number } | undefined>;
  getText(bucket: string, key: string): Promise<string | undefined>;
  put(bucket: string, key: string, body: string, contentType: string): Promise<void>;
  delete(bucket: string, key: string): Promise<void>;
}

export interface ImportCounts {
  read: number;
  imported: number;
  unchanged: number;
  rejected: number;
  /** Upsert mode (a profile's `mode`, or a file named `*.upsert.<ext>`): rows that corrected a stored invoice, and rows older than it. */
  updated?: number;
  stale?: number;
  /** Open items (docs/open-items.md): rows whose lower balance was settled upstream, rows whose balance is above arflow's (reported, not applied), open invoices closed for being absent, closes held for confirmation, and 1 when the whole snapshot was older than the last applied one. */
  settledUpstream?: number;
  higherBalance?: number;
  closedMissing?: number;
  awaitingConfirmation?: number;
  staleSnapshot?: number;
}

/** An open-items snapshot's state: `applying` until its last row; then closed what it left out (`applied`), or held that (`awaiting_confirmation`, `too_many` to hold), or not (`stale`, `superseded` by a later one, `incomplete` when the file broke off). */
export interface OpenItemsState {
  order: string;
  state: 'applying' | 'applied' | 'awaiting_confirmation' | 'too_many' | 'stale' | 'superseded' | 'incomplete';
  awaiting?: string[];
}

export interface ImportSource {
  bucket: string;
  key: string;
  etag: string;
  size: number;
  /** When S3 announced the drop (from the event), so a watcher can tell this drop's report from an older one. */
  eventTime?: string;
}

/** One file's import: its checkpoint and running totals, kept in DynamoDB between invocations. */
export interface ImportJob {
  tenantId: string;
  jobId: string;
  kind: FileKind;
  profile: string;
  /** The path under `incoming/<tenant>/<kind>/`, which the report and rejects keys repeat. */
  file: string;
  source: ImportSource;
  status: 'running' | 'completed' | 'failed' | 'duplicate';
  /** Where the next invocation starts reading: the byte after the last row whose outcome is stored. */
  position: { offset: number; line: number; header?: string[] | undefined };
  counts: ImportCounts;
  /** First line of each segment whose rejected rows are stored as a part, in order. */
  rejectParts: number[];
  startedAt: string;
  finishedAt?: string;
  /** Time spent working, summed over invocations (ms). */
  processingMs: number;
  invocations: number;
  error?: { code: string; message: string; line?: number };
  duplicateOf?: { key: string; jobId: string };
  /** Counts a kind keeps beyond `counts` (a bank statement's matches and amounts per currency), saved with the checkpoint. */
  tallies?: Record<string, number>;
  openItems?: OpenItemsState;
}

export type Lease = { token: string; until: number };

/** Checkpoints, leases and the "seen this content" index of imports. */
export interface ImportJobs {
  /**
   * Creates the job, or takes over an unfinished one whose lease has run out. `busy`: another
   * invocation holds it (S3 delivered the event twice); `finished`: it already ran to the end.
   */
  begin(job: ImportJob, lease: Lease): Promise<{ state: 'new' | 'resumed'; job: ImportJob } | { state: 'finished' | 'busy'; job: ImportJob }>;
  /** Stores progress, provided this invocation still holds the lease; false when it lost it. */
  save(job: ImportJob, lease: Lease): Promise<boolean>;
  release(job: ImportJob, lease: Lease): Promise<void>;
  /** Records that a job imported this content; returns the job that did so first. */
  claimContent(tenantId: string, contentKey: string, job: Pick<ImportJob, 'jobId' | 'source'>): Promise<{ jobId: string; key: string }>;
  get(tenantId: string, jobId: string): Promise<ImportJob | undefined>;
}

/** A tenant's stored column-mapping profiles. */
export interface ImportProfileStore {
  get(tenantId: string, name: string): Promise<ImportProfile | undefined>;
  put(tenantId: string, profile: ImportProfile): Promise<void>;
  list(tenantId: string): Promise<ImportProfile[]>;
}
