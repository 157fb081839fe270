import type { InvoiceInput } from '../invoicing/index.js';
import { ingestInvoices, type IngestDeps, type IngestOutcome } from './ingest-invoices.js';

export type { IngestOutcome } from './ingest-invoices.js';

/**
 * Stores one invoice (a batch of one, see ingest-invoices.ts). Posting the same invoice again is a
 * no-op that returns the stored one; reusing the number for different content is a ConflictError, an
 * unknown policy a ValidationError. Its workflow is started from the table's stream, not here.
 */
export async function ingestInvoice(deps: IngestDeps, tenantId: string, input: InvoiceInput): Promise<IngestOutcome> {
  const [result] = await ingestInvoices(deps, tenantId, [input]);
  if (result!.outcome === 'refused') throw result!.error;
  return result!;
}
