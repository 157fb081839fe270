import type { Invoice } from '../invoicing/index.js';
import type { PendingEscalation, ReportInvoice } from './report-invoice.js';

/** Timeline types that open a dispute; the disputes feature records one of these. */
const disputeEvents = new Set(['dispute.opened', 'invoice.disputed']);
// Sent to an agency, an invoice is still owed (and still in AR); written off or voided, it is not.
const closingEvents = new Set(['invoice.written-off', 'invoice.voided']);

/**
 * A stored invoice and its timeline as the reports see them: payments by the date they were paid
 * (`paidAt`, not when they were recorded), the first dispute, and when a write-off closed it.
 */
/** A timeline event as reports read it: any type, since features add their own (e.g. disputes). */
export interface ReportEvent {
  type: string;
  at: string;
  detail?: Record<string, unknown>;
}

export function reportInvoiceOf(invoice: Invoice, timeline: readonly ReportEvent[]): ReportInvoice {
  const payments: (ReportInvoice['payments'][number] & { paymentId?: string })[] = [];
  let disputedAt: string | undefined;
  let closedAt: string | undefined;
  let creditNotes = 0;
  const promises: NonNullable<ReportInvoice['promises']> = [];
  const approversOf = new Map<string, string[]>();
  for (const event of timeline) {
    const type = event.type;
    if (type === 'payment.received') {
      const amount = event.detail?.['amount'];
      const paidAt = event.detail?.['paidAt'];
      const paymentId = event.detail?.['paymentId'];
      if (typeof amount === 'number' && amount > 0) payments.push({ date: typeof paidAt === 'string' ? paidAt.slice(0, 10) : event.at.slice(0, 10), amount, ...(typeof paymentId === 'string' ? { paymentId } : {}) });
    } else if (type === 'payment.reversed') {
      // The bank took the payment back: it no longer counts as paid (DSO, CEI, days late).
      let left = event.detail?.['amount'];
      for (const payment of payments) {
        if (typeof left !== 'number' || left <= 0 || payment.paymentId !== event.detail?.['paymentId']) continue;
        const taken = Math.min(left, payment.amount);
        payment.amount -= taken;
        left -= taken;
      }
    } else if (disputeEvents.has(type)) {
      disputedAt ??= event.at.slice(0, 10);
    } else if (closingEvents.has(type)) {
      closedAt ??= event.at.slice(0, 10);
    } else if (type === 'credit-note.applied') {
      // A credit note document lowers what was invoiced; one that leaves nothing takes the invoice out of AR.
      const credited = event.detail?.['amount'];
      if (typeof credited === 'number') creditNotes += credited;
      if (event.detail?.['status'] === 'credited') closedAt ??= event.at.slice(0, 10);
    } else if (type === 'dispute.resolved') {
      // A credit note lowers what was invoiced; one that leaves nothing, or a cancellation, takes the invoice out of AR.
      // A resolution that names its credit note document counts through that note's credit-note.applied event.
      const credited = event.detail?.['kind'] === 'credit-note' && event.detail['creditNoteNumber'] === undefined ? event.detail['amount'] : 0;
      if (typeof credited === 'number') creditNotes += credited;
      if (event.detail?.['status'] === 'cancelled' || event.detail?.['status'] === 'credited') closedAt ??= event.at.slice(0, 10);
    } else if (type === 'invoice.settled-upstream') {
      // Settled in the system of record (not a payment: no cash collected here): it lowers what is owed, like a credit note.
      const settled = event.detail?.['amount'];
      if (typeof settled === 'number') creditNotes += settled;
      if (event.detail?.['status'] === 'settled-upstream') closedAt ??= event.at.slice(0, 10);
    } else if (type === 'promise.made') {
      const date = event.detail?.['date'];
      if (typeof date === 'string') promises.push({ madeAt: event.at.slice(0, 10), date: date.slice(0, 10) });
    } else if (type === 'escalation.requested') {
      const id = event.detail?.['escalationId'];
      const approvers = event.detail?.['approvers'];
      if (typeof id === 'string') approversOf.set(id, Array.isArray(approvers) ? approvers.filter((a): a is string => typeof a === 'string') : []);
    }
  }
  const escalation = invoice.escalation;
  const pendingEscalation: PendingEscalation | undefined =
    invoice.status === 'open' && escalation?.status === 'pending'
      ? { escalationId: escalation.id, escalatedAt: escalation.requestedAt, expiresAt: escalation.expiresAt, approvers: approversOf.get(escalation.id) ?? [], balance: invoice.balance }
      : undefined;
  return {
    invoiceNumber: invoice.invoiceNumber,
    customerId: invoice.customer.id,
    currency: invoice.currency,
    amount: invoice.amount - creditNotes,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    payments: payments.filter((payment) => payment.amount > 0).map(({ date, amount }) => ({ date, amount })),
    ...(disputedAt !== undefined ? { disputedAt } : {}),
    ...(closedAt !== undefined ? { closedAt } : {}),
    ...(promises.length > 0 ? { promises } : {}),
    ...(pendingEscalation ? { pendingEscalation } : {}),
  };
}
