import { z } from 'zod';
import { invoiceNumberSchema } from './invoice.js';
import { typeError } from './validation.js';

/** POST /disputes: finance records a dispute on the customer's behalf (a phone call, an email). */
export const disputeRequestSchema = z.object({
  invoiceNumber: invoiceNumberSchema,
  reason: z.string(typeError('must be a text')).trim().min(3, 'say in a few words what the customer disputes').max(2000, 'must be at most 2000 characters'),
  /** Who recorded it, for the audit trail. */
  by: z.string().trim().min(1).max(200).optional(),
});
export type DisputeRequest = z.infer<typeof disputeRequestSchema>;
