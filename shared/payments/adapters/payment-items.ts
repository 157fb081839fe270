import * as z from 'zod';
import { allocationSources, paymentMethods } from '../payment.js';
import type { Payment } from '../payment.js';
import type { Same } from '../../kernel/index.js';

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
    reversedAt: z.string().optional(),
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

/** Compile-time proof that these schemas read exactly the domain's types (kernel/adapters/dynamo-items.ts explains). */
export const paymentItemsMatchTheDomain: { payment: Same<z.output<typeof paymentItemSchema>, Payment> } = { payment: true };
