import { ConflictError, mapWithConcurrency } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import { resolvePolicyForNewRevision } from '../policy-assignment/index.js';
import type { ImportsDeps } from './deps.js';
import { ingestInvoices } from './ingest-invoices.js';
import { reviseInvoice, splitVersion, type ChangeSource, type InvoiceUpsert } from './revise-invoice.js';

export type UpsertDeps = Pick<ImportsDeps, 'invoices' | 'invoiceBatch' | 'invoiceRevisions' | 'workflows' | 'clock' | 'policies' | 'customers' | 'paymentReferences'>;
export type UpsertOutcome = { outcome: 'created' | 'updated' | 'unchanged' | 'stale'; invoice: Invoice; warnings: string[] };

/** Reads and conditional writes before giving up on an invoice that keeps changing (each loser reads the winner). */
const MAX_ATTEMPTS = 6;

/**
 * The system of record's version of one invoice (PUT /invoices/{number}, a batch or file in upsert
 * mode): created when unknown (as POST /invoices creates it), else revised by reviseInvoice's rules in
 * one conditional write. Two versions racing resolve by version, not arrival: the write that finds the
 * invoice changed reads it again and compares with what won. A revision of an open invoice re-plans it:
 * the old revision's workflow is stopped and the new one started (it plans from the invoice and its
 * notice ledger, so nothing sent is sent again).
 */
export async function upsertInvoice(deps: UpsertDeps, tenantId: string, input: InvoiceUpsert, source: ChangeSource): Promise<UpsertOutcome> {
  const { content, version } = splitVersion(input);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = await deps.invoices.get(tenantId, content.invoiceNumber);
    if (!stored) {
      const [created] = await ingestInvoices(deps, tenantId, [content], { versions: [version] });
      if (created?.outcome === 'created') return { outcome: 'created', invoice: created.invoice, warnings: created.warnings };
      if (created?.outcome === 'refused' && created.error.code !== 'invoice_number_reused') throw created.error;
      continue; // stored meanwhile: revise what is stored
    }
    const revision = reviseInvoice(stored, content, version, source, deps.clock.now());
    if (revision.outcome === 'stale') return { outcome: 'stale', invoice: stored, warnings: [] };
    if (revision.outcome === 'unchanged') {
      if (!revision.after) return { outcome: 'unchanged', invoice: stored, warnings: [] };
      if (await deps.invoiceRevisions.revise(stored, revision.after, [])) return { outcome: 'unchanged', invoice: revision.after, warnings: [] };
      continue;
    }
    if (!(await deps.invoiceRevisions.revise(stored, revision.after, revision.events))) continue;
    const after = revision.after;
    if (revision.replan) {
      const { name } = await resolvePolicyForNewRevision(deps, tenantId, after);
      await deps.policies.addInvoice(tenantId, name, after.invoiceNumber);
      await deps.workflows.stop(stored, 'corrected by the system of record');
      await deps.workflows.start(after);
    } else if (revision.closed) {
      await deps.workflows.stop(stored, 'the corrected amount is paid');
    }
    return { outcome: 'updated', invoice: after, warnings: [] };
  }
  throw new ConflictError('concurrent_update', `Invoice ${content.invoiceNumber} changed repeatedly while it was updated; retry the request`);
}

/** Per invoice of a batch (POST /invoices with `"mode": "upsert"`, a file in upsert mode): its outcome, or the refusal. */
export async function upsertInvoices(deps: UpsertDeps, tenantId: string, inputs: readonly InvoiceUpsert[], sourceOf: (index: number) => ChangeSource, concurrency = 8) {
  return mapWithConcurrency(inputs, concurrency, async (input, index) => {
    try {
      return await upsertInvoice(deps, tenantId, input, sourceOf(index));
    } catch (error) {
      return { outcome: 'refused' as const, error };
    }
  });
}
