import { addDays, localTimeToInstant } from '../kernel/index.js';
import { effectiveDueDate, type Invoice } from '../invoicing/index.js';
import { finalActionStage, finalNoticeStage, type CollectionPolicy } from '../policies/index.js';
import { nextScheduledReminder } from './reminder-schedule.js';
import { customerZone } from '../invoicing/index.js';
import type { NoticeRecord } from '../invoicing/index.js';
import { nextOpening } from '../policies/index.js';
import { brokenPlanStage, installmentStage, paymentPlanState } from '../payment-plans/index.js';

/**
 * The workflow's next step. Each is "wait until `at`, then do it"; the workflow comes back here after
 * every step, so the plan always reflects the invoice, its ledger and the policy as they are now.
 */
export type CollectionStep =
  | { kind: 'done'; reason: string }
  | { kind: 'reminder'; at: Date; stage: string; deferredFrom?: Date; superseded: string[] }
  | { kind: 'resume'; at: Date }
  | { kind: 'escalate'; at: Date; approvalTimeoutSeconds: number }
  | { kind: 'final-notice'; at: Date }
  | { kind: 'final-action'; at: Date; action: 'write-off' | 'agency' | 'credit-hold' };

const DAY_MS = 86_400_000;

export function nextCollectionStep(invoice: Invoice, ledger: readonly NoticeRecord[], policy: CollectionPolicy, now: Date): CollectionStep {
  if (invoice.status !== 'open') return { kind: 'done', reason: `invoice is ${invoice.status}` };
  if (invoice.balance <= 0) return { kind: 'done', reason: 'nothing is owed' };
  if (invoice.balance < policy.minimumBalance) return { kind: 'done', reason: `the balance is below the policy's minimum of ${policy.minimumBalance}` };

  if (invoice.pausedUntil && new Date(invoice.pausedUntil).getTime() > now.getTime()) {
    return { kind: 'resume', at: new Date(invoice.pausedUntil) };
  }
  // A dispute stops collection until finance resolves it (resolution restarts the workflow).
  if (invoice.dispute?.status === 'open') return { kind: 'done', reason: 'disputed: collection waits for the dispute to be resolved' };
  const promised = planPromise(invoice, ledger, policy, now);
  if (promised) return promised;
  const installment = planInstallments(invoice, ledger, policy, now);
  if (installment) return installment;

  const escalation = invoice.escalation;
  if (escalation?.status === 'stopped') return { kind: 'done', reason: `collection stopped: escalation ${escalation.decision ?? 'ended'}` };
  if (escalation?.status === 'approved') return planGracePeriod(invoice, ledger, policy, now);

  const escalateAt = escalationTime(invoice, policy);
  const reminder = nextScheduledReminder(invoice, ledger, policy, now, escalateAt);
  if (reminder.action === 'wait' && (escalateAt === undefined || reminder.sendAt.getTime() <= Math.max(escalateAt.getTime(), now.getTime()))) {
    return { kind: 'reminder', at: reminder.sendAt, stage: reminder.stage, superseded: reminder.superseded, ...(reminder.deferredFrom ? { deferredFrom: reminder.deferredFrom } : {}) };
  }
  if (escalateAt !== undefined && policy.escalation) {
    // A pending escalation whose workflow was restarted is requested again (its old task token died with the old execution).
    const at = new Date(Math.max(escalateAt.getTime(), now.getTime()));
    return { kind: 'escalate', at, approvalTimeoutSeconds: policy.escalation.approvalTimeoutDays * 86_400 };
  }
  return reminder.action === 'done' ? { kind: 'done', reason: reminder.reason } : { kind: 'done', reason: 'nothing left to do' };
}

/** When the invoice escalates: its (effective) due date + the policy's days, at the window's opening hour; never if under the threshold. */
export function escalationTime(invoice: Invoice, policy: CollectionPolicy): Date | undefined {
  const escalation = policy.escalation;
  if (!escalation || invoice.balance < escalation.minimumBalance) return undefined;
  const date = addDays(effectiveDueDate(invoice), escalation.afterDaysOverdue);
  return localTimeToInstant(date, policy.sendingWindow.startHour, customerZone(invoice, policy));
}

/** After approval: the final notice at once (within the window), the final action when the grace period ends. */
function planGracePeriod(invoice: Invoice, ledger: readonly NoticeRecord[], policy: CollectionPolicy, now: Date): CollectionStep {
  const escalation = invoice.escalation!;
  if (!ledger.some((notice) => notice.stage === finalNoticeStage)) {
    return { kind: 'final-notice', at: nextOpening(now, policy.sendingWindow, customerZone(invoice, policy)) };
  }
  const graceEndsAt = escalation.graceEndsAt ? new Date(escalation.graceEndsAt) : new Date(new Date(escalation.decidedAt ?? now).getTime() + policy.grace.days * DAY_MS);
  if (policy.grace.finalAction === 'none') return { kind: 'done', reason: 'grace period started; the policy has no final action' };
  // A final action that leaves the invoice open (credit hold) is recorded in the ledger as done.
  if (ledger.some((notice) => notice.stage === finalActionStage)) return { kind: 'done', reason: 'the final action was taken' };
  return { kind: 'final-action', at: new Date(Math.max(graceEndsAt.getTime(), now.getTime())), action: policy.grace.finalAction };
}

/** The notice stage that tells the customer a promise to pay was broken (one per promised date). */
export const brokenPromiseStage = (date: string) => `promise-broken-${date}`;

/** A promise runs to the end of its day: collection resumes at the next day's window opening, in the customer's zone. */
export function promiseDeadline(invoice: Pick<Invoice, 'promise' | 'customer'>, policy: CollectionPolicy): Date | undefined {
  if (!invoice.promise) return undefined;
  return localTimeToInstant(addDays(invoice.promise.date, 1), policy.sendingWindow.startHour, customerZone(invoice as Invoice, policy));
}

/**
 * A promise to pay pauses collection until its deadline. Still owed after it: the promise is broken
 * and the next notice says so (it stands in for the reminders that fell due meanwhile), then the
 * policy's reminders resume.
 */
function planPromise(invoice: Invoice, ledger: readonly NoticeRecord[], policy: CollectionPolicy, now: Date): CollectionStep | undefined {
  const deadline = promiseDeadline(invoice, policy);
  if (!deadline || !invoice.promise) return undefined;
  if (now.getTime() < deadline.getTime()) return { kind: 'resume', at: deadline };
  const stage = brokenPromiseStage(invoice.promise.date);
  if (ledger.some((notice) => notice.stage === stage)) return undefined;
  const due = nextScheduledReminder(invoice, ledger, policy, now, undefined);
  const superseded = due.action === 'wait' && due.sendAt.getTime() <= now.getTime() ? [...due.superseded, due.stage] : [];
  return { kind: 'reminder', at: nextOpening(now, policy.sendingWindow, customerZone(invoice, policy)), stage, superseded };
}

/**
 * A payment plan replaces the invoice's own schedule while it is on track: the policy's stages are
 * planned around the next unpaid installment (its due date, as `installment-<n>-<stage>`), until the
 * moment it counts as missed; then the workflow plans again. A missed installment breaks the plan: one
 * notice says so (standing in for the invoice's stages that fell due meanwhile), then collection of
 * the whole balance follows the policy from the invoice's own due date, escalation included.
 */
function planInstallments(invoice: Invoice, ledger: readonly NoticeRecord[], policy: CollectionPolicy, now: Date): CollectionStep | undefined {
  if (!invoice.paymentPlan) return undefined;
  const state = paymentPlanState({ ...invoice, paymentPlan: invoice.paymentPlan }, policy, now);
  if (state.kind === 'complete') return { kind: 'done', reason: 'every installment of the payment plan is paid' };
  if (state.kind === 'broken') {
    if (ledger.some((notice) => notice.stage === brokenPlanStage)) return undefined;
    const due = nextScheduledReminder(invoice, ledger, policy, now, undefined);
    const superseded = due.action === 'wait' && due.sendAt.getTime() <= now.getTime() ? [...due.superseded, due.stage] : [];
    return { kind: 'reminder', at: nextOpening(now, policy.sendingWindow, customerZone(invoice, policy)), stage: brokenPlanStage, superseded };
  }
  const { next, missedAt } = state;
  const view = { ...invoice, dueDate: next.dueDate, extendedDueDate: undefined };
  const stages = policy.stages.map((stage) => ({ ...stage, id: installmentStage(next.number, stage.id) }));
  const reminder = nextScheduledReminder(view, ledger, { ...policy, stages }, now, missedAt);
  if (reminder.action === 'wait') {
    return { kind: 'reminder', at: reminder.sendAt, stage: reminder.stage, superseded: reminder.superseded, ...(reminder.deferredFrom ? { deferredFrom: reminder.deferredFrom } : {}) };
  }
  // Every reminder of this installment is handled: wake up when it would count as missed (a payment meanwhile moves the plan on).
  return { kind: 'resume', at: missedAt };
}
