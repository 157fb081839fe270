import type { Invoice } from '../../shared/invoice.js';

/** An invoice as the API shows it: the stored record without internal bookkeeping. */
export function invoiceResource(invoice: Invoice) {
  const { contentHash: _contentHash, tenantId: _tenantId, workflowError, ...visible } = invoice;
  return { ...visible, workflow: workflowError ? { status: 'failed', ...workflowError } : { status: invoice.status === 'open' ? 'collecting' : 'ended' } };
}
