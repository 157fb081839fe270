import type { InvoiceInput } from '../invoicing/index.js';
import { ingestInvoices, type IngestDeps } from './ingest-invoices.js';

export type ImportInvoiceDeps = IngestDeps;
export type RowOutcome = { outcome: 'imported' | 'unchanged' } | { outcome: 'rejected'; reason: string };

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
