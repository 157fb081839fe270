import * as z from 'zod';
import { addDays, calendarDateSchema, localTimeToInstant } from '../kernel/index.js';
import type { FieldIssue } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import type { CollectionPolicy } from '../policies/index.js';
import { customerZone } from '../invoicing/index.js';
import { typeError } from '../kernel/index.js';
import type { Installment, PaymentPlan } from '../invoicing/index.js';

export const MAX_INSTALLMENTS = 36;
/** A plan reaches at most this far: long enough for a 3-year plan, short enough to catch a typo in the year. */
export const MAX_PLAN_DAYS = 3 * 366;

const minorUnits = z
  .number(typeError('must be a number of minor units'))
  .int('must be an integer number of minor units (e.g. cents)')
  .positive('must be greater than zero')
  .max(Number.MAX_SAFE_INTEGER, 'is too large');

/** `amountMinor` is accepted for `amount`, like the other finance routes. */
const installmentSchema = z.preprocess(
  (value) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && 'amountMinor' in value && !('amount' in value)) {
      const { amountMinor, ...rest } = value as Record<string, unknown>;
      return { ...rest, amount: amountMinor };
    }
    return value;
  },
  z.object({ dueDate: calendarDateSchema, amount: minorUnits }),
);

/** POST /invoices/{invoiceNumber}/payment-plan. */
export const paymentPlanRequestSchema = z.object({
  installments: z.array(installmentSchema).min(1, 'must hold at least one installment').max(MAX_INSTALLMENTS, `must hold at most ${MAX_INSTALLMENTS} installments`),
  /** Who agreed it, for the audit trail. */
  by: z.string().trim().min(1).max(200).optional(),
});
export type PaymentPlanRequest = z.infer<typeof paymentPlanRequestSchema>;

/**
 * What is wrong with installments for a balance, as field issues (empty when they are fine): they add
 * up to the balance exactly, their due dates run strictly later one after the other, the first is not
 * before `today` (the customer's day), and the last is within MAX_PLAN_DAYS.
 */
export function installmentIssues(installments: readonly Installment[], balance: number, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const total = installments.reduce((sum, installment) => sum + installment.amount, 0);
  if (total !== balance) issues.push({ path: 'installments', message: `must add up to the balance, ${balance} (they add up to ${total})` });
  installments.forEach((installment, index) => {
    if (index === 0 && installment.dueDate < today) issues.push({ path: 'installments.0.dueDate', message: `must not be before today, ${today}` });
    const previous = installments[index - 1];
    if (previous && installment.dueDate <= previous.dueDate) issues.push({ path: `installments.${index}.dueDate`, message: `must be after installment ${index}'s due date, ${previous.dueDate}` });
  });
  const last = installments.at(-1);
  if (last && last.dueDate > addDays(today, MAX_PLAN_DAYS)) issues.push({ path: `installments.${installments.length - 1}.dueDate`, message: `must be within ${MAX_PLAN_DAYS} days of today` });
  return issues;
}

export interface InstallmentProgress extends Installment {
  /** 1-based, as the customer reads it. */
  number: number;
  paid: number;
  /** What is still owed on it. */
  due: number;
  status: 'paid' | 'partly-paid' | 'unpaid';
}

/** Each installment with what has been paid on it: the plan's total minus the balance, applied in order. */
export function installmentProgress(plan: Pick<PaymentPlan, 'installments' | 'total'>, balance: number): InstallmentProgress[] {
  let paidTowardsPlan = Math.max(0, plan.total - balance);
  return plan.installments.map((installment, index) => {
    const paid = Math.min(installment.amount, paidTowardsPlan);
    paidTowardsPlan -= paid;
    const due = installment.amount - paid;
    return { ...installment, number: index + 1, paid, due, status: due === 0 ? 'paid' : paid > 0 ? 'partly-paid' : 'unpaid' };
  });
}

/** The first installment that is not paid in full, if any. */
export function nextInstallment(plan: Pick<PaymentPlan, 'installments' | 'total'>, balance: number): InstallmentProgress | undefined {
  return installmentProgress(plan, balance).find((installment) => installment.due > 0);
}

/**
 * When an unpaid installment counts as missed: the policy's grace days after its due date, at the
 * sending window's opening hour in the customer's zone. (The grace period is the time the policy
 * already gives a debtor after a final notice; the same patience applies to an installment.)
 */
export function installmentMissedAt(invoice: Pick<Invoice, 'customer'>, installment: Pick<Installment, 'dueDate'>, policy: CollectionPolicy): Date {
  return localTimeToInstant(addDays(installment.dueDate, policy.grace.days), policy.sendingWindow.startHour, customerZone(invoice, policy));
}

export type PlanState =
  | { kind: 'on-track'; next: InstallmentProgress; of: number; missedAt: Date }
  | { kind: 'broken'; missed: number }
  | { kind: 'complete' };

/** Where a plan stands now, derived from the invoice (its balance) and the policy: nothing else. */
export function paymentPlanState(invoice: Pick<Invoice, 'customer' | 'balance'> & { paymentPlan: PaymentPlan }, policy: CollectionPolicy, now: Date): PlanState {
  const plan = invoice.paymentPlan;
  if (plan.status === 'broken') return { kind: 'broken', missed: plan.missedInstallment ?? 0 };
  const next = nextInstallment(plan, invoice.balance);
  if (!next) return { kind: 'complete' };
  const missedAt = installmentMissedAt(invoice, next, policy);
  if (now.getTime() >= missedAt.getTime()) return { kind: 'broken', missed: next.number };
  return { kind: 'on-track', next, of: plan.installments.length, missedAt };
}

/** The ledger stage of a reminder for one installment: `installment-2-overdue-1-day`. */
export function installmentStage(number: number, policyStageId: string): string {
  return `installment-${number}-${policyStageId}`;
}

/** The installment and the policy stage a ledger stage names, if it is an installment's reminder. */
export function parseInstallmentStage(stage: string): { number: number; policyStageId: string } | undefined {
  const match = /^installment-(\d+)-(.+)$/.exec(stage);
  return match ? { number: Number(match[1]), policyStageId: match[2]! } : undefined;
}

/** The notice that tells the customer the plan is broken and the whole balance is due (once per plan). */
export const brokenPlanStage = 'payment-plan-broken';

export type PlanNotice =
  | { kind: 'none' }
  | { kind: 'skip'; reason: string }
  /** An installment's reminder: the notice shows the installment (its due date and what is due on it) instead of the invoice's. */
  | { kind: 'installment'; invoice: Invoice; policyStageId: string; subject: string }
  | { kind: 'broken'; subject: string; template: 'firm' };

/**
 * What a plan makes of the notice for `stage` at send time: nothing (not a plan stage), a skip (the
 * installment was paid or the plan changed since the stage was planned), or the content to show.
 */
export function planNotice(invoice: Invoice, stage: string, policy: CollectionPolicy, now: Date): PlanNotice {
  const installment = parseInstallmentStage(stage);
  if (!installment && stage !== brokenPlanStage) return { kind: 'none' };
  const plan = invoice.paymentPlan;
  if (!plan) return { kind: 'skip', reason: 'the invoice has no payment plan' };
  const state = paymentPlanState({ ...invoice, paymentPlan: plan }, policy, now);
  if (stage === brokenPlanStage) {
    return state.kind === 'broken'
      ? { kind: 'broken', subject: 'Payment plan for invoice {invoiceNumber} ended: {amount} is due now', template: 'firm' }
      : { kind: 'skip', reason: 'the payment plan is not broken' };
  }
  if (state.kind !== 'on-track' || state.next.number !== installment!.number) {
    return { kind: 'skip', reason: `installment ${installment!.number} is no longer the one due (${state.kind === 'on-track' ? `installment ${state.next.number} is` : `the plan is ${state.kind}`})` };
  }
  const { next, of } = state;
  return {
    kind: 'installment',
    invoice: { ...invoice, dueDate: next.dueDate, amount: next.amount, balance: next.due, extendedDueDate: undefined },
    policyStageId: installment!.policyStageId,
    subject: `Payment plan, installment ${next.number} of ${of}: {amount} for invoice {invoiceNumber}, due {dueDate}`,
  };
}
