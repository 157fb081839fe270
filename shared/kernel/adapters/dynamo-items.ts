import * as z from 'zod';
import type { Invoice } from '../../invoicing/invoice.js';
import type { DecisionLink } from '../../escalation/escalation.js';
import type { NoticeRecord } from '../../invoicing/invoice-state.js';
import type { TimelineEvent } from '../timeline.js';
import type { Payment } from '../../payments/payment.js';
import type { CustomerLink, DisputeListing } from '../../self-service/self-service.js';
import { invoiceStatuses } from '../../invoicing/invoice.js';
import { escalationActions } from '../../policies/policy.js';
import { allocationSources, paymentMethods } from '../../payments/payment.js';
import { customerActions } from '../../self-service/self-service.js';

const resolutionItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('credit-note'), amount: z.number().int(), note: z.string().optional() }),
  z.object({ kind: z.literal('cancel'), note: z.string().optional() }),
  z.object({ kind: z.literal('reject'), note: z.string().optional() }),
]);

/** What the table holds, parsed on every read: a malformed item fails loudly instead of flowing on as a cast. */
export const invoiceItemSchema = z.object({
  tenantId: z.string(),
  invoiceNumber: z.string(),
  customer: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    timezone: z.string().optional(),
    locale: z.string().optional(),
    accountOwner: z.string().optional(),
  }),
  issueDate: z.string(),
  dueDate: z.string(),
  currency: z.string(),
  amount: z.number().int(),
  balance: z.number().int(),
  status: z.enum(invoiceStatuses),
  poNumber: z.string().optional(),
  paymentLinkUrl: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  contentHash: z.string(),
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  workflowError: z.object({ at: z.string(), error: z.string(), cause: z.string() }).optional(),
  policy: z.string().optional(),
  extendedDueDate: z.string().optional(),
  pausedUntil: z.string().optional(),
  dispute: z
    .object({
      id: z.string(),
      status: z.enum(['open', 'resolved']),
      reason: z.string(),
      openedAt: z.string(),
      resolution: resolutionItemSchema.optional(),
      resolvedAt: z.string().optional(),
    })
    .optional(),
  promise: z.object({ date: z.string(), madeAt: z.string() }).optional(),
  paymentPlan: z
    .object({
      id: z.string(),
      status: z.enum(['active', 'broken']),
      installments: z.array(z.object({ dueDate: z.string(), amount: z.number().int() })),
      total: z.number().int(),
      agreedAt: z.string(),
      agreedBy: z.string(),
      requestedAt: z.string().optional(),
      brokenAt: z.string().optional(),
      missedInstallment: z.number().int().optional(),
    })
    .optional(),
  escalation: z
    .object({
      id: z.string(),
      status: z.enum(['pending', 'approved', 'stopped']),
      requestedAt: z.string(),
      expiresAt: z.string(),
      decision: z.enum([...escalationActions, 'timeout']).optional(),
      decidedBy: z.string().optional(),
      decidedAt: z.string().optional(),
      graceEndsAt: z.string().optional(),
    })
    .optional(),
});

export const linkItemSchema = z.object({
  linkId: z.string(),
  tenantId: z.string(),
  invoiceNumber: z.string(),
  escalationId: z.string(),
  decision: z.enum(escalationActions),
  approver: z.string(),
  expiresAt: z.number(),
  usedAt: z.string().optional(),
});

export const noticeItemSchema = z.object({
  stage: z.string(),
  status: z.enum(['claimed', 'sent', 'skipped']),
  at: z.string(),
  messageId: z.string().optional(),
  reason: z.string().optional(),
});

export const eventItemSchema = z.object({
  type: z.enum([
    'invoice.created',
    'workflow.started',
    'reminder.scheduled',
    'reminder.sent',
    'reminder.skipped',
    'payment.received',
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
  ]),
  at: z.string(),
  key: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

export const paymentItemSchema = z
  .object({
    tenantId: z.string(),
    paymentId: z.string(),
    invoiceNumber: z.string().optional(),
    amount: z.number().int(),
    currency: z.string(),
    paidAt: z.string(),
    reference: z.string().optional(),
    method: z.enum(paymentMethods).optional(),
    customerId: z.string().optional(),
    externalId: z.string().optional(),
    allocations: z
      .array(
        z.object({
          invoiceNumber: z.string(),
          customerId: z.string(),
          amount: z.number().int(),
          at: z.string(),
          matchedBy: z.enum(allocationSources),
          by: z.string().optional(),
          requestId: z.string().optional(),
        }),
      )
      .optional(),
    excessAmount: z.number().int(),
    unappliedAmount: z.number().int().optional(),
    recordedAt: z.string(),
  })
  // Payments stored before allocations existed went to their one invoice; their excess was never offered as credit.
  .transform(({ allocations, unappliedAmount, ...payment }) => ({
    ...payment,
    allocations:
      allocations ??
      (payment.invoiceNumber && payment.amount > payment.excessAmount
        ? [{ invoiceNumber: payment.invoiceNumber, customerId: '', amount: payment.amount - payment.excessAmount, at: payment.recordedAt, matchedBy: 'explicit' as const }]
        : []),
    unappliedAmount: unappliedAmount ?? 0,
  }));

export const customerLinkItemSchema = z.object({
  linkId: z.string(),
  tenantId: z.string(),
  invoiceNumber: z.string(),
  stage: z.string(),
  expiresAt: z.number(),
  used: z.partialRecord(z.enum(customerActions), z.string()).optional(),
});

export const disputeListingItemSchema = z.object({
  disputeId: z.string(),
  invoiceNumber: z.string(),
  customerId: z.string(),
  reason: z.string(),
  openedAt: z.string(),
  balance: z.number().int(),
  currency: z.string(),
  status: z.literal('resolved').optional(),
  resolvedAt: z.string().optional(),
  resolution: resolutionItemSchema.optional(),
});

/** Drops the key attributes before parsing a domain object out of an item. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}

/** True only when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

/**
 * Compile-time proof that each schema reads exactly the domain's type, so its parse needs no cast and
 * the two cannot drift: a field added to the domain but not here (zod would drop it on every read), or
 * a value the domain no longer allows, fails the typecheck.
 */
export const itemSchemasMatchTheDomain: {
  invoice: Same<z.output<typeof invoiceItemSchema>, Invoice>;
  link: Same<z.output<typeof linkItemSchema>, DecisionLink>;
  notice: Same<z.output<typeof noticeItemSchema>, NoticeRecord>;
  event: Same<z.output<typeof eventItemSchema>, TimelineEvent>;
  payment: Same<z.output<typeof paymentItemSchema>, Payment>;
  customerLink: Same<z.output<typeof customerLinkItemSchema>, CustomerLink>;
  disputeListing: Same<z.output<typeof disputeListingItemSchema>, DisputeListing>;
} = { invoice: true, link: true, notice: true, event: true, payment: true, customerLink: true, disputeListing: true };
