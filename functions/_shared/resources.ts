import { paymentReferenceOf, type Invoice } from '../../shared/invoicing/index.js';
import { paymentState, type Payment } from '../../shared/payments/index.js';
import { installmentProgress } from '../../shared/payment-plans/index.js';
import type { CreditNote } from '../../shared/credit-notes/index.js';

/** An invoice as the API shows it: the stored record without internal bookkeeping. */
export function invoiceResource(invoice: Invoice) {
  const { contentHash: _contentHash, tenantId: _tenantId, workflowError, paymentPlan, ...visible } = invoice;
  return {
    ...visible,
    // An invoice stored before references existed shows the one arflow derives for it.
    paymentReference: paymentReferenceOf(invoice),
    // A plan's installments with what has been paid on each, derived from the balance.
    ...(paymentPlan ? { paymentPlan: { ...paymentPlan, installments: installmentProgress(paymentPlan, invoice.balance) } } : {}),
    workflow: workflowError ? { status: 'failed', ...workflowError } : { status: invoice.status === 'open' ? 'collecting' : 'ended' },
  };
}

/** A payment as the API shows it: its allocations (the audit trail), what is unapplied, and its state. */
export function paymentResource(payment: Payment) {
  const { tenantId: _tenantId, ...visible } = payment;
  return { ...visible, state: paymentState(payment) };
}

/** A credit note as the API shows it: its allocations (the audit trail), what is left as customer credit, and where it came from. */
export function creditNoteResource(note: CreditNote) {
  const { tenantId: _tenantId, contentHash: _contentHash, ...visible } = note;
  return { kind: 'credit-note' as const, ...visible, allocatedAmount: note.amount - note.unappliedAmount };
}
