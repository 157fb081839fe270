import * as z from 'zod';
import { invoiceStatuses } from '../invoice.js';
import { escalationActions } from '../../policies/index.js';
import type { Invoice } from '../invoice.js';
import type { NoticeRecord } from '../invoice-state.js';
import type { Same } from '../../kernel/index.js';

export const resolutionItemSchema = z.discriminatedUnion('kind', [
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
  paymentReference: z.string().optional(),
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
  sourceVersion: z.number().int().optional(),
  sourceUpdatedAt: z.string().optional(),
  created: z.object({ amount: z.number().int(), currency: z.string(), dueDate: z.string() }).optional(),
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

export const noticeItemSchema = z.object({
  stage: z.string(),
  status: z.enum(['claimed', 'sent', 'skipped']),
  at: z.string(),
  messageId: z.string().optional(),
  reason: z.string().optional(),
});

/** Compile-time proof that these schemas read exactly the domain's types (kernel/adapters/dynamo-items.ts explains). */
export const invoiceItemsMatchTheDomain: { invoice: Same<z.output<typeof invoiceItemSchema>, Invoice>; notice: Same<z.output<typeof noticeItemSchema>, NoticeRecord> } = { invoice: true, notice: true };
