import type { Invoice, InvoiceInput } from '../../../shared/invoicing/index.js';
import type { CollectionDeps } from '../../../shared/app/index.js';
import { ingestInvoice } from '../../../shared/imports/index.js';
import { startNewInvoiceWorkflows } from '../../../shared/imports/index.js';

const unpaced = { acquire: async () => undefined };

/** What the table's stream does for a stored invoice: the workflow starter sees its insert. */
export async function deliverInsert(deps: CollectionDeps, invoice: Invoice): Promise<void> {
  const failure = await startNewInvoiceWorkflows(deps, [invoice], unpaced);
  if (failure) throw failure.error;
}

/** POST /invoices and then the stream: the invoice stored and, when it was new, its workflow started. */
export async function ingestAndStart(deps: CollectionDeps, tenantId: string, input: InvoiceInput) {
  const result = await ingestInvoice(deps, tenantId, input);
  if (result.outcome === 'created') await deliverInsert(deps, result.invoice);
  return result;
}
