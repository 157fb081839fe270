import type { InvoiceInput } from '../invoicing/index.js';
import { ingestInvoices, type IngestDeps } from './ingest-invoices.js';
import { ArflowError } from '../kernel/index.js';
import type { ChangeSource, InvoiceUpsert } from './revise-invoice.js';
import { upsertInvoices, type UpsertDeps } from './upsert-invoice.js';

export type ImportInvoiceDeps = IngestDeps & UpsertDeps;
export type RowOutcome = { outcome: 'imported' | 'unchanged' | 'updated' | 'stale' } | { outcome: 'rejected'; reason: string };

/**
 * A group of rows in upsert mode: each row the system of record's version of its invoice (as PUT
 * /invoices/{number}), its source the file and line. A refusal (the same version with other content,
 * a change of currency) is the row's fault; an outage throws, and the import resumes from its checkpoint.
 */
export async function upsertInvoiceGroup(deps: ImportInvoiceDeps, tenantId: string, inputs: readonly InvoiceUpsert[], sources: readonly ChangeSource[]): Promise<RowOutcome[]> {
  const outcomes = await upsertInvoices(deps, tenantId, inputs, (index) => sources[index]!);
  return outcomes.map((result) => {
    if (result.outcome !== 'refused') return { outcome: result.outcome === 'created' ? 'imported' : result.outcome };
    if (result.error instanceof ArflowError) return { outcome: 'rejected', reason: result.error.message };
    throw result.error;
  });
}

/**
 * A group of a file's rows (distinct numbers) through the API's own batched ingest: the same outcomes
 * as POST /invoices, in a few round trips per hundred rows. A refusal (a reused number, an unknown
 * policy) is the row's fault and is rejected with its reason; an outage throws, and the import is
 * retried from its checkpoint. Workflows start from the table's stream, paced by the starter, so the
 * import is not held to the StartExecution quota.
 */
export async function importInvoiceGroup(deps: ImportInvoiceDeps, tenantId: string, inputs: readonly InvoiceInput[]): Promise<RowOutcome[]> {
  const outcomes = await ingestInvoices(deps, tenantId, inputs);
  return outcomes.map((result) =>
    result.outcome === 'refused' ? { outcome: 'rejected', reason: result.error.message } : { outcome: result.outcome === 'created' ? 'imported' : 'unchanged' },
  );
}
