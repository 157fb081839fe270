import * as z from 'zod';
import { policyNameSchema } from './policy.js';

/**
 * What a tenant keeps about a customer beyond its invoices: who owns the account (approves its
 * escalations; reassignable), which policy collects it, its segments, and a credit hold.
 */
export const customerProfileSchema = z.object({
  /** The collector who owns the account; overrides the owner named on invoices. */
  accountOwner: z.email('must be an email address').transform((email) => email.toLowerCase()).optional(),
  /** Collects this customer's invoices unless an invoice names its own policy. */
  policy: policyNameSchema.optional(),
  /** Segments, e.g. "enterprise": a policy that lists a segment collects its customers. */
  tags: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 lowercase letters, digits or hyphens')).max(20).default([]),
});

export type CustomerProfileInput = z.input<typeof customerProfileSchema>;

export interface CreditHold {
  since: string;
  reason: string;
  by: string;
}

export interface CustomerProfile extends z.output<typeof customerProfileSchema> {
  tenantId: string;
  customerId: string;
  /** No new invoice of the customer is collected without a warning while this is set. */
  creditHold?: CreditHold;
  updatedAt: string;
}
