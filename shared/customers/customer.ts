import * as z from 'zod';
import { currencySchema } from '../kernel/index.js';
import { policyNameSchema } from '../policies/index.js';
import { localeSchema } from '../invoicing/index.js';

/**
 * What a tenant keeps about a customer beyond its invoices: who owns the account (approves its
 * escalations; reassignable), which policy collects it, its segments, and a credit hold.
 */
export const customerProfileSchema = z.object({
  /** The collector who owns the account; overrides the owner named on invoices. */
  accountOwner: z.email('must be an email address').max(254).transform((email) => email.toLowerCase()).optional(),
  /** Collects this customer's invoices unless an invoice names its own policy. */
  policy: policyNameSchema.optional(),
  /** Segments, e.g. "enterprise": a policy that lists a segment collects its customers. */
  tags: z.array(z.string().max(32).regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 lowercase letters, digits or hyphens')).max(20).default([]),
  /** Open balance (in this currency) above which a high-risk customer raises customer.credit_limit_exceeded. */
  creditLimit: z
    .object({
      currency: currencySchema,
      amount: z.number('must be a number of minor units').int('must be an integer number of minor units').min(0, 'must not be negative').max(Number.MAX_SAFE_INTEGER),
    })
    .optional(),
  /** Picks the notices' language and formats (BCP 47, e.g. de-DE); overrides the locale on invoices. */
  locale: localeSchema.optional(),
  /**
   * Who receives notices, in order: the first address that is not suppressed (bounced, complained).
   * The invoice's customer email comes after these.
   */
  contacts: z.array(z.email('must be an email address').max(254).transform((email) => email.toLowerCase())).max(10).optional(),
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
  /** The last risk assessment (shared/reports/risk.ts); its tier selects policies like a tag `risk-<tier>`. */
  risk?: StoredRisk;
  /** Set while a high-risk customer's open balance is over its credit limit: one alert per crossing. */
  creditLimitExceeded?: { since: string; balance: number; currency: string };
  updatedAt: string;
}

export interface StoredRisk {
  score: number;
  tier: 'low' | 'medium' | 'high';
  assessedAt: string;
}

/** The segments a customer is in: its tags, and `risk-<tier>` once its risk was assessed. */
export function customerSegments(profile: Pick<CustomerProfile, 'tags' | 'risk'>): string[] {
  return profile.risk ? [...profile.tags, `risk-${profile.risk.tier}`] : [...profile.tags];
}
