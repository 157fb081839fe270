import type { Invoice } from '../invoice.js';
import type { ReportInvoice } from './report-invoice.js';

/** Timeline types that open a dispute; the disputes feature records one of these. */
const disputeEvents = new Set(['dispute.opened', 'invoice.disputed']);
// Sent to an agency, an invoice is still owed (and still in AR); written off, it is not.
const closingEvents = new Set(['invoice.written-off']);

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
  const payments: ReportInvoice['payments'] = [];
  let disputedAt: string | undefined;
  let closedAt: string | undefined;
  let creditNotes = 0;
  for (const event of timeline) {
    const type = event.type;
    if (type === 'payment.received') {
      const amount = event.detail?.['amount'];
      const paidAt = event.detail?.['paidAt'];
      if (typeof amount === 'number' && amount > 0) payments.push({ date: typeof paidAt === 'string' ? paidAt.slice(0, 10) : event.at.slice(0, 10), amount });
    } else if (disputeEvents.has(type)) {
      disputedAt ??= event.at.slice(0, 10);
    } else if (closingEvents.has(type)) {
      closedAt ??= event.at.slice(0, 10);
    } else if (type === 'dispute.resolved') {
      // A credit note lowers what was invoiced; one that leaves nothing, or a cancellation, takes the invoice out of AR.
      const credited = event.detail?.['kind'] === 'credit-note' ? event.detail['amount'] : 0;
      if (typeof credited === 'number') creditNotes += credited;
      if (event.detail?.['status'] === 'cancelled' || event.detail?.['status'] === 'credited') closedAt ??= event.at.slice(0, 10);
    }
  }
  return {
    invoiceNumber: invoice.invoiceNumber,
    customerId: invoice.customer.id,
    currency: invoice.currency,
    amount: invoice.amount - creditNotes,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    payments,
    ...(disputedAt !== undefined ? { disputedAt } : {}),
    ...(closedAt !== undefined ? { closedAt } : {}),
  };
}
