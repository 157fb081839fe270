import * as z from 'zod';
import type { TimelineEvent } from '../timeline.js';

export const eventItemSchema = z.object({
  type: z.enum([
    'invoice.created',
    'workflow.started',
    'reminder.scheduled',
    'reminder.sent',
    'reminder.skipped',
    'payment.received',
    'credit-note.applied',
    'payment.reversed',
    'status.changed',
    'workflow.failed',
    'reminder.deferred',
    'escalation.requested',
    'escalation.decided',
    'escalation.timed-out',
    'final-notice.sent',
    'invoice.written-off',
    'invoice.sent-to-agency',
    'customer.credit-hold',
    'customer.says-paid',
    'invoice.disputed',
    'dispute.resolved',
    'promise.made',
    'payment-plan.requested',
    'payment-plan.agreed',
    'payment-plan.broken',
    'notice.accepted',
    'notice.delivered',
    'notice.delivery-delayed',
    'notice.bounced',
    'notice.complained',
    'notice.rejected',
    'notice.rendering-failed',
    'contact.suppressed',
    'statement.sent',
    'notice.resent',
    'notice.resend-skipped',
    'invoice.updated',
    'invoice.voided',
    'invoice.settled-upstream',
    'collection.paused',
    'collection.resumed',
    'collector.call-logged',
    'collector.note-added',
  ]),
  at: z.string(),
  key: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

/** Drops the key attributes before parsing a domain object out of an item. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}

/** True only when A and B are the same type (not merely assignable one way). */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

/**
 * Compile-time proof that the event schema reads exactly the domain's type, so its parse needs no cast
 * and the two cannot drift (each module's item schemas carry the same proof beside them).
 */
export const eventItemsMatchTheDomain: { event: Same<z.output<typeof eventItemSchema>, TimelineEvent> } = { event: true };
