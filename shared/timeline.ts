/** Append-only events on an invoice, shown as its timeline by GET /invoices/{number}. */
export type TimelineEventType =
  | 'invoice.created'
  | 'workflow.started'
  | 'reminder.scheduled'
  | 'reminder.sent'
  | 'reminder.skipped'
  | 'payment.received'
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
  | 'payment-plan.requested';

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
