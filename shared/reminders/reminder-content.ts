import { dateInZone } from '../kernel/index.js';
import { brokenPromiseStage, promiseDeadline } from './collection-plan.js';
import type { Invoice } from '../invoicing/index.js';
import { lateChargesFor } from '../policies/index.js';
import { renderConsolidatedNotice } from '../notices/index.js';
import { renderReminderNotice } from '../notices/index.js';
import { planNotice, type PlanNotice } from '../payment-plans/index.js';
import { finalNoticeStage, type CollectionPolicy } from '../policies/index.js';
import type { OutgoingEmail } from '../kernel/index.js';
import { customerZone } from '../invoicing/index.js';
import { createSelfServiceUrls } from '../self-service/index.js';
import type { RemindersDeps } from './deps.js';
import { viewUrlOf, type NoticeContext } from '../notices/index.js';
import { resolvePolicy } from '../policy-assignment/index.js';
import { reminderSchedule } from './reminder-schedule.js';

/** Whether a reminder for (invoice, stage) may go out now, and what it shows when it may. */
export type ReminderGate =
  | { send: false; reason: string }
  | { send: true; policy: CollectionPolicy; planned: Exclude<PlanNotice, { kind: 'skip' }>; isBrokenPromise: boolean };

/**
 * The checks a reminder passes at send time, from the invoice as it is now: open, not paused, not
 * disputed, owing at least the policy's minimum, its installment still the one due, no promise
 * running. The send path and the re-send of a bounced notice ask the same question.
 */
export async function reminderGate(deps: Pick<RemindersDeps, 'customers' | 'policies'>, invoice: Invoice, stage: string, now: Date): Promise<ReminderGate> {
  if (invoice.status !== 'open') return { send: false, reason: `invoice is ${invoice.status}` };
  if (invoice.pausedUntil && new Date(invoice.pausedUntil).getTime() > now.getTime()) return { send: false, reason: `collection is paused until ${invoice.pausedUntil}` };
  if (invoice.dispute?.status === 'open') return { send: false, reason: 'the invoice is disputed' };
  const policy = await resolvePolicy(deps, invoice.tenantId, invoice);
  // A correction by the system of record that moved the due date (`created` holds the first terms) may find
  // the old revision's stage not due any more: the new revision's workflow sends it when it is.
  const scheduled = invoice.created && invoice.created.dueDate !== invoice.dueDate ? reminderSchedule(invoice, policy).find((reminder) => reminder.stage === stage) : undefined;
  if (scheduled && scheduled.dueAt.getTime() > now.getTime()) return { send: false, reason: `stage ${stage} is not due before ${scheduled.dueAt.toISOString()} (the due date moved)` };
  if (invoice.balance < policy.minimumBalance) return { send: false, reason: `the balance is below the policy's minimum of ${policy.minimumBalance}` };
  // An installment's reminder shows the installment; one whose installment was paid meanwhile is not sent.
  const planned = planNotice(invoice, stage, policy, now);
  if (planned.kind === 'skip') return { send: false, reason: planned.reason };
  const promisedUntil = promiseDeadline(invoice, policy);
  const isBrokenPromise = invoice.promise !== undefined && stage === brokenPromiseStage(invoice.promise.date);
  if (promisedUntil && now.getTime() < promisedUntil.getTime() && !isBrokenPromise) return { send: false, reason: `the customer promised to pay by ${invoice.promise?.date}` };
  return { send: true, policy, planned, isBrokenPromise };
}

/**
 * The email of a reminder (not yet addressed): the lead invoice's notice, or, with `others`, one
 * notice listing every invoice (one notice per customer per day). Each invoice gets fresh self-service links.
 */
export async function composeReminder(
  deps: RemindersDeps,
  lead: { invoice: Invoice; stage: string; gate: Extract<ReminderGate, { send: true }> },
  others: readonly { invoice: Invoice; stage: string }[],
  context: Pick<NoticeContext, 'locale' | 'branding' | 'templates'>,
  now: Date,
): Promise<OutgoingEmail> {
  const { invoice, stage, gate } = lead;
  const { policy, planned } = gate;
  const selfService = await createSelfServiceUrls(deps, invoice, stage, now);
  if (others.length > 0) {
    return renderConsolidatedNotice({
      invoices: [
        { invoice, stage, viewUrl: viewUrlOf(selfService) },
        ...(await Promise.all(others.map(async (other) => ({ ...other, viewUrl: viewUrlOf(await createSelfServiceUrls(deps, other.invoice, other.stage, now)) })))),
      ],
      now,
      zone: customerZone(invoice, policy),
      senderName: deps.senderName,
      locale: context.locale,
      branding: context.branding,
      templates: context.templates,
    });
  }
  const policyStage = policy.stages.find((candidate) => candidate.id === (planned.kind === 'installment' ? planned.policyStageId : stage));
  return renderReminderNotice({
    invoice: planned.kind === 'installment' ? planned.invoice : invoice,
    stage,
    now,
    defaultTimezone: policy.defaultTimezone,
    senderName: deps.senderName,
    template: planned.kind === 'broken' ? planned.template : policyStage?.template,
    subject: planned.kind === 'installment' || planned.kind === 'broken' ? planned.subject : policyStage?.subject,
    // Charges run on the invoice's own due date: an installment's notice does not claim them.
    lateCharges: planned.kind === 'installment' ? undefined : lateChargesFor(
      { balance: invoice.balance, currency: invoice.currency, dueDate: invoice.extendedDueDate ?? invoice.dueDate },
      policy.lateCharges,
      dateInZone(now, invoice.customer.timezone ?? policy.defaultTimezone),
    ),
    selfService,
    locale: context.locale,
    branding: context.branding,
    templates: context.templates,
    viewUrl: viewUrlOf(selfService),
    ...(gate.isBrokenPromise && invoice.promise ? { brokenPromise: { date: invoice.promise.date } } : {}),
    ...(stage === finalNoticeStage && invoice.escalation?.graceEndsAt ? { finalNotice: { deadline: new Date(invoice.escalation.graceEndsAt), action: policy.grace.finalAction } } : {}),
  });
}
