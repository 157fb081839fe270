/** Append-only events on an invoice, shown as its timeline by GET /invoices/{number}. */
export type TimelineEventType =
  | 'invoice.created'
  | 'workflow.started'
  | 'reminder.scheduled'
  | 'reminder.sent'
  | 'reminder.skipped'
  | 'payment.received'
  // A credit note (POST /credit-notes, a file, a dispute resolved by credit note) lowered the balance.
  | 'credit-note.applied'
  // A bank took a credit back (a camt reversal): the payment's allocations are undone.
  | 'payment.reversed'
  | 'status.changed'
  | 'workflow.failed'
  | 'reminder.deferred'
  | 'escalation.requested'
  | 'escalation.decided'
  | 'escalation.timed-out'
  | 'final-notice.sent'
  | 'invoice.written-off'
  | 'invoice.sent-to-agency'
  | 'customer.credit-hold'
  | 'customer.says-paid'
  | 'invoice.disputed'
  | 'dispute.resolved'
  | 'promise.made'
  | 'payment-plan.requested'
  | 'payment-plan.agreed'
  | 'payment-plan.broken'
  // What SES said about a notice (shared/notices/delivery-events.ts), and an address it stopped.
  | 'notice.accepted'
  | 'notice.delivered'
  | 'notice.delivery-delayed'
  | 'notice.bounced'
  | 'notice.complained'
  | 'notice.rejected'
  | 'notice.rendering-failed'
  | 'contact.suppressed'
  | 'statement.sent'
  // A notice that bounced, sent again to the customer's next contact (or why it was not).
  | 'notice.resent'
  | 'notice.resend-skipped'
  // The system of record corrected, voided or settled the invoice (shared/imports/revise-invoice.ts).
  | 'invoice.updated'
  | 'invoice.voided'
  | 'invoice.settled-upstream'
  // A collector's actions in the workspace (shared/workspace/collector-actions.ts).
  | 'collection.paused'
  | 'collection.resumed'
  | 'collector.call-logged'
  | 'collector.note-added';

export interface TimelineEvent {
  type: TimelineEventType;
  at: string;
  /**
   * Identifies the event among retries: writing the same event twice (a retried task) stores it
   * once. E.g. `reminder.sent:overdue-7-days`.
   */
  key: string;
  detail?: Record<string, unknown>;
}

/** Events of the same instant (common on a virtual clock) in the order they logically happen. */
const sameInstantOrder: Record<TimelineEventType, number> = {
  'invoice.created': 0,
  'workflow.started': 1,
  'payment.received': 2,
  'credit-note.applied': 2,
  'payment.reversed': 2,
  'status.changed': 3,
  'reminder.skipped': 4,
  'reminder.sent': 5,
  'reminder.scheduled': 6,
  'reminder.deferred': 6,
  'escalation.requested': 7,
  'escalation.decided': 8,
  'escalation.timed-out': 8,
  'final-notice.sent': 9,
  'invoice.written-off': 10,
  'invoice.sent-to-agency': 10,
  'customer.credit-hold': 10,
  'customer.says-paid': 12,
  'invoice.disputed': 12,
  'dispute.resolved': 12,
  'promise.made': 12,
  'payment-plan.requested': 12,
  'payment-plan.agreed': 12,
  'payment-plan.broken': 12,
  'workflow.failed': 11,
  'statement.sent': 5,
  'notice.accepted': 13,
  'notice.delivered': 14,
  'notice.delivery-delayed': 14,
  'notice.bounced': 14,
  'notice.complained': 14,
  'notice.rejected': 14,
  'notice.rendering-failed': 14,
  'contact.suppressed': 15,
  'notice.resent': 16,
  'notice.resend-skipped': 16,
  'invoice.updated': 2,
  'invoice.voided': 2,
  'invoice.settled-upstream': 2,
  'collection.paused': 12,
  'collection.resumed': 12,
  'collector.call-logged': 12,
  'collector.note-added': 12,
};

/** Oldest first; events of one instant in their logical order, then by key (the order they are stored in). */
export function compareTimelineEvents(a: TimelineEvent, b: TimelineEvent): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  const byType = sameInstantOrder[a.type] - sameInstantOrder[b.type];
  if (byType !== 0) return byType;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The event every invoice's timeline starts with. It is not stored as an item of its own: the adapters
 * derive it from the invoice (its createdAt, and its terms at creation: `created` once a correction
 * changed them), so a new
 * invoice is one write (its creation and its creation event cannot be separated).
 */
export function invoiceCreatedEvent(invoice: { createdAt: string; amount: number; currency: string; dueDate: string; created?: { amount: number; currency: string; dueDate: string } }): TimelineEvent {
  // A corrected invoice keeps the terms it was created with (`created`): its creation event does not change.
  const terms = invoice.created ?? invoice;
  return { type: 'invoice.created', at: invoice.createdAt, key: 'invoice.created', detail: { amount: terms.amount, currency: terms.currency, dueDate: terms.dueDate } };
}
