import { nextCollectionStep, type CollectionStep } from './collection-plan.js';
import { addDays, dateInZone, localTimeToInstant } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import type { CollectionPolicy } from '../policies/index.js';
import { customerZone } from '../invoicing/index.js';
import { nextOpening } from '../policies/index.js';
import { spreadStep } from './send-spread.js';
import { NotFoundError } from '../kernel/index.js';
import type { TimelineEvent } from '../kernel/index.js';
import type { RemindersDeps } from './deps.js';
import { resolvePolicy } from '../policy-assignment/index.js';
import { recordBrokenPlan } from '../payment-plans/index.js';

/** The workflow's view of a step: plain JSON for the state machine (`at` feeds its Wait state). */
export type WorkflowStep =
  | { kind: 'done'; reason: string }
  | { kind: 'reminder'; at: string; stage: string }
  | { kind: 'resume'; at: string }
  | { kind: 'escalate'; at: string; approvalTimeoutSeconds: number }
  | { kind: 'final-notice'; at: string; stage: string }
  | { kind: 'final-action'; at: string; action: 'write-off' | 'agency' | 'credit-hold' };

/** Decides the invoice's next step under its current policy and records the decision on its timeline. */
export async function planNextStep(deps: Pick<RemindersDeps, 'invoices' | 'noticeLedger' | 'paymentPlans' | 'policies' | 'customers' | 'contactDays' | 'clock' | 'noticeSpreadMinutes'>, tenantId: string, invoiceNumber: string): Promise<WorkflowStep> {
  const read = await deps.invoices.get(tenantId, invoiceNumber);
  if (!read) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
  const policy = await resolvePolicy(deps, tenantId, read);
  const now = deps.clock.now();
  const invoice = await recordBrokenPlan(deps, read, policy, now);
  const planned = await respectContactLimit(deps, invoice, policy, nextCollectionStep(invoice, await deps.noticeLedger.notices(tenantId, invoiceNumber), policy, now));
  // Steps that email leave at the invoice's slot in the window's first minutes, not all at its opening (SES's send rate).
  const step = spreadStep(planned, invoice, policy, deps.noticeSpreadMinutes ?? 0);
  const at = now.toISOString();
  const record = (event: Omit<TimelineEvent, 'at'>) => deps.invoices.appendEvent(tenantId, invoiceNumber, { ...event, at });

  if (step.kind === 'reminder' && step.superseded.length > 0) {
    const reason = `superseded by ${step.stage}: these stages fell due before the invoice could be reminded`;
    await deps.noticeLedger.recordNoticesSkipped(tenantId, invoiceNumber, step.superseded, reason, now);
    for (const stage of step.superseded) await record({ type: 'reminder.skipped', key: `reminder.skipped:${stage}`, detail: { stage, reason } });
  }
  const view = toWorkflowStep(step);
  if (step.kind === 'reminder') {
    const detail = { stage: step.stage, sendAt: view.kind === 'done' ? undefined : view.at, policy: `${policy.name}@${policy.version}` };
    await record({ type: 'reminder.scheduled', key: `reminder.scheduled:${step.stage}:${detail.sendAt}`, detail });
    if (step.deferredFrom) {
      await record({ type: 'reminder.deferred', key: `reminder.deferred:${step.stage}:${detail.sendAt}`, detail: { ...detail, dueAt: step.deferredFrom.toISOString(), reason: 'outside the sending window, or the customer already had a notice that day' } });
    }
  }
  if (step.kind === 'final-notice' && step.at.getTime() > now.getTime()) {
    await record({ type: 'reminder.deferred', key: `reminder.deferred:final-notice:${step.at.toISOString()}`, detail: { stage: 'final-notice', sendAt: step.at.toISOString(), reason: 'outside the sending window, or the customer already had a notice that day' } });
  }
  return view;
}

function toWorkflowStep(step: CollectionStep): WorkflowStep {
  switch (step.kind) {
    case 'done':
      return step;
    case 'reminder':
      return { kind: 'reminder', at: step.at.toISOString(), stage: step.stage };
    case 'resume':
      return { kind: 'resume', at: step.at.toISOString() };
    case 'escalate':
      return { kind: 'escalate', at: step.at.toISOString(), approvalTimeoutSeconds: step.approvalTimeoutSeconds };
    case 'final-notice':
      return { kind: 'final-notice', at: step.at.toISOString(), stage: 'final-notice' };
    case 'final-action':
      return { kind: 'final-action', at: step.at.toISOString(), action: step.action };
  }
}

/**
 * With one notice per customer per day, a notice due on a day the customer already got another
 * invoice's notice waits for the next day's window (the deferral is recorded by the caller).
 */
async function respectContactLimit(deps: Pick<RemindersDeps, 'contactDays'>, invoice: Invoice, policy: CollectionPolicy, step: CollectionStep): Promise<CollectionStep> {
  if (!policy.onePerCustomerPerDay || (step.kind !== 'reminder' && step.kind !== 'final-notice')) return step;
  const zone = customerZone(invoice, policy);
  let at = step.at;
  // A handful of days at most: only days that already had a notice are skipped.
  for (let day = 0; day < 7; day++) {
    const date = dateInZone(at, zone);
    const contact = await deps.contactDays.contactedOn(invoice.tenantId, invoice.customer.id, date);
    if (!contact || contact.invoiceNumber === invoice.invoiceNumber) break;
    at = nextOpening(localTimeToInstant(addDays(date, 1), 0, zone), policy.sendingWindow, zone);
  }
  if (at.getTime() === step.at.getTime()) return step;
  return step.kind === 'reminder' ? { ...step, at, deferredFrom: step.deferredFrom ?? step.at } : { ...step, at };
}
