import * as z from 'zod';
import { daysBetween } from '../kernel/index.js';
import { currencySchema } from '../kernel/index.js';

/**
 * Late-payment charges a policy may claim: fixed compensation by debt size and simple interest on
 * the overdue balance. They are computed and shown on notices, never added to the invoice silently.
 * E.g. EU Directive 2011/7/EU: the central bank reference rate + 8 points and EUR 40; UK Late
 * Payment of Commercial Debts Act: base rate + 8 % and GBP 40 / 70 / 100 by debt size.
 */
export const lateChargesSchema = z.object({
  /** Charges apply only to invoices in this currency (the tiers are amounts in it). */
  currency: currencySchema,
  /** Yearly interest in basis points (8.00 % + a 4.15 % reference rate = 1215). Integer: no float money. */
  annualInterestBasisPoints: z.number().int().min(0).max(10_000).default(0),
  /** Fixed compensation by debt size, smallest tier first; `below` in minor units, the last tier without. */
  fixedCompensation: z
    .array(z.object({ below: z.number().int().positive().optional(), amount: z.number().int().min(0) }))
    .max(10)
    .default([])
    .refine((tiers) => tiers.every((tier, index) => index === tiers.length - 1 || tier.below !== undefined), 'only the last tier may omit `below`'),
  /** A legal note printed with the charges. */
  note: z.string().trim().max(500).optional(),
});

export type LateChargesPolicy = z.infer<typeof lateChargesSchema>;

export interface LateCharges {
  currency: string;
  daysOverdue: number;
  interest: number;
  fixedCompensation: number;
  total: number;
  note?: string;
}

/** The charges accrued on an invoice's balance by `today` (YYYY-MM-DD in the customer's zone). */
export function lateChargesFor(invoice: { balance: number; currency: string; dueDate: string }, policy: LateChargesPolicy | undefined, today: string): LateCharges | undefined {
  if (!policy || policy.currency !== invoice.currency) return undefined;
  const daysOverdue = daysBetween(invoice.dueDate, today);
  if (daysOverdue <= 0 || invoice.balance <= 0) return undefined;
  // balance × rate × days / (10,000 bp × 365), rounded half up, in BigInt so large balances stay exact.
  const numerator = BigInt(invoice.balance) * BigInt(policy.annualInterestBasisPoints) * BigInt(daysOverdue);
  const denominator = 10_000n * 365n;
  const interest = Number((numerator * 2n + denominator) / (2n * denominator));
  const tier = policy.fixedCompensation.find((candidate) => candidate.below === undefined || invoice.balance < candidate.below);
  const fixedCompensation = tier?.amount ?? 0;
  return { currency: invoice.currency, daysOverdue, interest, fixedCompensation, total: interest + fixedCompensation, ...(policy.note ? { note: policy.note } : {}) };
}
