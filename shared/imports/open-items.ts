import { ArflowError, mapWithConcurrency } from '../kernel/index.js';
import type { OpenInvoiceList, OpenItemSnapshots } from './open-item-snapshots.port.js';
import type { Mapped, RowMapper, SourceRecord } from './row-mapper.js';
import type { ChangeSource, InvoiceUpsert } from './revise-invoice.js';
import { settleUpstream, type SettleDeps } from './settle-upstream.js';
import { upsertInvoice, type UpsertDeps } from './upsert-invoice.js';

export type OpenItemDeps = UpsertDeps & SettleDeps & { snapshots: OpenItemSnapshots; openInvoices: OpenInvoiceList };

/** One row of an open-items file: the invoice as the system of record has it, and what it still owes. */
export interface OpenItem {
  input: InvoiceUpsert;
  balance: number;
  source: ChangeSource;
}

export type OpenItemOutcome =
  | { outcome: 'imported' | 'updated' | 'unchanged' | 'stale'; balance?: 'settledUpstream' | 'higherBalance' }
  | { outcome: 'rejected'; reason: string };

/** Closes held back for confirmation are stored with the snapshot's mark and the job: at most this many. */
export const MAX_HELD_CLOSES = 5000;

/**
 * A snapshot's place in its tenant's order: a file named `*.v<n>.<ext>` (e.g. `open-items.v42.csv`)
 * carries its version n, any other is ordered by its drop time (S3's event time). Versions sort after
 * drop times, so a tenant that starts numbering its snapshots keeps doing so.
 */
export function snapshotOrder(file: string, droppedAt: string): string {
  const version = /\.v(\d{1,15})\.[^./]+$/i.exec(file)?.[1];
  return version === undefined ? `t#${droppedAt}` : `v#${version.padStart(15, '0')}`;
}

/** Maps an open-items row: the invoice fields as an invoices file in upsert mode, plus `balance`. */
export function mapOpenItem(mapper: RowMapper, record: SourceRecord): Mapped<{ input: InvoiceUpsert; balance: number }> {
  // The invoice schema drops what is not an invoice field (a JSON Lines row's balance and version): they are read apart.
  const invoice = mapper.invoice(record);
  const version = mapper.invoiceVersion(record);
  const balance = invoice.ok ? mapper.balance(record, invoice.value.currency) : ({ ok: true, value: 0 } as const);
  const reasons = [invoice, version, balance].flatMap((result) => (result.ok ? [] : [result.reason]));
  if (!invoice.ok || !version.ok || !balance.ok) return { ok: false, reason: reasons.join('; ') };
  if (balance.value > invoice.value.amount) return { ok: false, reason: `balance: ${balance.value} is more than the invoice's amount ${invoice.value.amount}` };
  return { ok: true, value: { input: { ...invoice.value, ...version.value }, balance: balance.value } };
}

/**
 * A group of a snapshot's rows: each invoice created or corrected as PUT /invoices/{number} would
 * (by its version), then its balance compared with arflow's: lower is an upstream settlement
 * (settleUpstream: not a payment, its own event, closed at zero); higher is reported and left alone
 * (arflow never invents debt or reopens an invoice; a real increase comes as a corrected amount). A
 * stale row (an older version than stored) changes nothing, its balance included.
 */
export async function applyOpenItems(deps: OpenItemDeps, tenantId: string, items: readonly OpenItem[], concurrency = 16): Promise<OpenItemOutcome[]> {
  return mapWithConcurrency(items, concurrency, async ({ input, balance, source }): Promise<OpenItemOutcome> => {
    try {
      const upserted = await upsertInvoice(deps, tenantId, input, source);
      const outcome = upserted.outcome === 'created' ? 'imported' : upserted.outcome;
      if (outcome === 'stale') return { outcome };
      const invoice = upserted.invoice;
      if (balance > invoice.balance || (balance > 0 && invoice.status !== 'open')) return { outcome, balance: 'higherBalance' };
      if (balance === invoice.balance || invoice.status !== 'open') return { outcome };
      const settled = await settleUpstream(deps, tenantId, input.invoiceNumber, balance, source);
      return settled.outcome === 'settled' ? { outcome, balance: 'settledUpstream' } : { outcome };
    } catch (error) {
      if (error instanceof ArflowError) return { outcome: 'rejected', reason: error.message };
      throw error;
    }
  });
}

export type MissingOutcome = { state: 'applied'; closed: number } | { state: 'awaiting_confirmation' | 'too_many' | 'superseded'; awaiting: string[] };

/**
 * The tenant's open invoices the snapshot does not list are settled upstream (balance 0, status
 * `settled-upstream`, workflow stopped), unless they are more than `maxCloseShare` of its open
 * invoices: then none is closed and they wait for POST /imports/{jobId}/confirm. Every candidate is
 * re-read (the list may lag), and only a snapshot still the tenant's last applied one closes anything.
 */
export async function closeMissing(
  deps: OpenItemDeps,
  snapshot: { tenantId: string; jobId: string; file: string; listed: ReadonlySet<string>; maxCloseShare: number },
): Promise<MissingOutcome> {
  const { tenantId } = snapshot;
  const open = await deps.openInvoices.openInvoiceNumbers(tenantId);
  const candidates = open.filter((number) => !snapshot.listed.has(number));
  const reread = await mapWithConcurrency(candidates, 16, async (number) => ((await deps.invoices.get(tenantId, number))?.status === 'open' ? number : undefined));
  const missing = reread.filter((number): number is string => number !== undefined).sort();
  if ((await deps.snapshots.last(tenantId))?.jobId !== snapshot.jobId) return { state: 'superseded', awaiting: [] };
  if (missing.length > 0 && missing.length > snapshot.maxCloseShare * open.length) {
    if (missing.length > MAX_HELD_CLOSES) return { state: 'too_many', awaiting: missing.slice(0, MAX_HELD_CLOSES) };
    if (!(await deps.snapshots.hold(tenantId, snapshot.jobId, missing))) return { state: 'superseded', awaiting: [] };
    return { state: 'awaiting_confirmation', awaiting: missing };
  }
  return { state: 'applied', closed: await closeAll(deps, tenantId, snapshot.file, missing) };
}

/** Settles each listed invoice upstream to zero (one that is no longer open is left as it is); how many were closed. */
export async function closeAll(deps: OpenItemDeps, tenantId: string, file: string, numbers: readonly string[]): Promise<number> {
  // Line 0: the invoice was closed for being absent from the file, not by one of its lines.
  const source: ChangeSource = { via: 'file', file, line: 0 };
  const outcomes = await mapWithConcurrency(numbers, 16, async (number) => {
    try {
      return (await settleUpstream(deps, tenantId, number, 0, source)).outcome;
    } catch (error) {
      if (error instanceof ArflowError && error.code === 'not_found') return 'unchanged';
      throw error;
    }
  });
  return outcomes.filter((outcome) => outcome === 'settled').length;
}
