import { paymentState, type Payment } from '../payments/index.js';
import type { CreditLimitAlert } from '../customers/index.js';
import type { TimelineEvent } from '../kernel/index.js';

/** What accounting systems can subscribe to (EventBridge detail-type; source `arflow`). */
export const businessEventTypes = ['invoice.paid', 'invoice.partially_paid', 'payment.unapplied', 'invoice.disputed', 'invoice.escalated', 'invoice.written_off', 'dispute.resolved', 'credit_note.applied', 'payment_plan.agreed', 'payment_plan.broken', 'customer.credit_limit_exceeded', 'invoice.updated', 'invoice.voided', 'invoice.settled_upstream', 'invoice.created', 'invoice.sent-to-agency', 'customer.credit_hold', 'invoice.status_changed'] as const;
export type BusinessEventType = (typeof businessEventTypes)[number];

/**
 * A business event. It is derived from a fact that already committed (a timeline event, an
 * unapplied-cash entry), so it is never published for something that did not happen. Delivery is at
 * least once: `id` names the fact, so consumers drop repeats by it.
 */
export interface BusinessEvent {
  id: string;
  type: BusinessEventType;
  tenantId: string;
  at: string;
  detail: Record<string, unknown>;
}

/** Timeline events that are published one to one, under their business name. */
const businessTypeOfTimelineEvent: Partial<Record<TimelineEvent['type'], BusinessEventType>> = {
  'invoice.disputed': 'invoice.disputed',
  'escalation.requested': 'invoice.escalated',
  'invoice.written-off': 'invoice.written_off',
  'dispute.resolved': 'dispute.resolved',
  'credit-note.applied': 'credit_note.applied',
  'payment-plan.agreed': 'payment_plan.agreed',
  'payment-plan.broken': 'payment_plan.broken',
  // The system of record's changes; each detail names its source (an API key's label, or a file and line).
  'invoice.updated': 'invoice.updated',
  'invoice.voided': 'invoice.voided',
  'invoice.settled-upstream': 'invoice.settled_upstream',
  // Issue 19: what an integration outside AWS asked for. The agency hand-off keeps the name the README
  // promised; the others follow the underscore style above. (invoice.created comes from the invoice's
  // own item, adapters/dynamo-stream-events.ts, as an API-created invoice has no timeline item for it.)
  'invoice.sent-to-agency': 'invoice.sent-to-agency',
  'customer.credit-hold': 'customer.credit_hold',
  'status.changed': 'invoice.status_changed',
};

/** The business event an invoice's timeline event stands for, if any. */
export function businessEventOfTimeline(tenantId: string, invoiceNumber: string, event: TimelineEvent, id: string): BusinessEvent | undefined {
  const detail = { invoiceNumber, ...event.detail };
  if (event.type === 'payment.received') {
    return { id, type: event.detail?.['balance'] === 0 ? 'invoice.paid' : 'invoice.partially_paid', tenantId, at: event.at, detail };
  }
  const type = businessTypeOfTimelineEvent[event.type];
  return type === undefined ? undefined : { id, type, tenantId, at: event.at, detail };
}

/** A payment that arrived with money nobody's invoice took: unmatched cash, or a customer's credit. */
export function businessEventOfUnapplied(payment: Payment, id: string): BusinessEvent {
  return {
    id,
    type: 'payment.unapplied',
    tenantId: payment.tenantId,
    at: payment.recordedAt,
    detail: {
      paymentId: payment.paymentId,
      amount: payment.unappliedAmount,
      currency: payment.currency,
      paidAt: payment.paidAt,
      state: paymentState(payment),
      ...(payment.customerId ? { customerId: payment.customerId } : {}),
      ...(payment.reference ? { reference: payment.reference } : {}),
    },
  };
}

/** A high-risk customer's open balance passed its credit limit (shared/customers/credit-limit.ts); once per crossing. */
export function businessEventOfCreditLimitAlert(tenantId: string, alert: Pick<CreditLimitAlert, 'at' | 'detail'>, id: string): BusinessEvent {
  return { id, type: 'customer.credit_limit_exceeded', tenantId, at: alert.at, detail: { ...alert.detail } };
}
