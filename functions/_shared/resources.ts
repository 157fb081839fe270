import type { Invoice } from '../../shared/invoice.js';
import { paymentState, type Payment } from '../../shared/payment.js';

/** An invoice as the API shows it: the stored record without internal bookkeeping. */
export function invoiceResource(invoice: Invoice) {
  const { contentHash: _contentHash, tenantId: _tenantId, workflowError, ...visible } = invoice;
  return { ...visible, workflow: workflowError ? { status: 'failed', ...workflowError } : { status: invoice.status === 'open' ? 'collecting' : 'ended' } };
}

/** A payment as the API shows it: its allocations (the audit trail), what is unapplied, and its state. */
export function paymentResource(payment: Payment) {
  const { tenantId: _tenantId, ...visible } = payment;
  return { ...visible, state: paymentState(payment) };
}
