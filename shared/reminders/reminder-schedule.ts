import { addDays, localTimeToInstant } from '../kernel/index.js';
import { customerZone, effectiveDueDate, type Invoice } from '../invoicing/index.js';
import type { CollectionPolicy } from '../policies/index.js';
import { nextOpening } from '../policies/index.js';
import type { NoticeRecord } from '../invoicing/index.js';

export interface ScheduledReminder {
  stage: string;
  /** The day the reminder belongs to, in the customer's zone. */
  date: string;
  /** When the stage falls due (its day at the window's opening hour). */
  dueAt: Date;
  /** When it is sent: `dueAt`, or the next opening of the sending window. */
  sendAt: Date;
}

type PlannedInvoice = Pick<Invoice, 'dueDate' | 'extendedDueDate' | 'customer' | 'status' | 'balance'>;

export type ReminderPlan =
  | { action: 'done'; reason: string }
  | {
      action: 'wait';
      stage: string;
      sendAt: Date;
      /** Set when the window moved the notice from the time its stage fell due. */
      deferredFrom?: Date;
      /** Stages that fell due while nobody could send them (late ingest, outage): never sent in a burst. */
      superseded: string[];
    };

/** Every reminder of a policy for an invoice, in the order they fall due. */
export function reminderSchedule(invoice: Pick<Invoice, 'dueDate' | 'extendedDueDate' | 'customer'>, policy: CollectionPolicy): ScheduledReminder[] {
  const zone = customerZone(invoice, policy);
  const dueDate = effectiveDueDate(invoice);
  return policy.stages
    .map((stage) => {
      const date = addDays(dueDate, stage.offsetDays);
      const dueAt = localTimeToInstant(date, policy.sendingWindow.startHour, zone);
      return { stage: stage.id, date, dueAt, sendAt: nextOpening(dueAt, policy.sendingWindow, zone) };
    })
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/**
 * The next reminder, derived only from the invoice and its notice ledger (never from the
 * workflow's own history), so a stopped and restarted workflow picks up where it should.
 * `until` drops the stages due at or after that instant (an escalation takes over from there).
 */
export function nextScheduledReminder(invoice: PlannedInvoice, ledger: readonly NoticeRecord[], policy: CollectionPolicy, now: Date, until?: Date): ReminderPlan {
  if (invoice.status !== 'open') return { action: 'done', reason: `invoice is ${invoice.status}` };
  if (invoice.balance <= 0) return { action: 'done', reason: 'nothing is owed' };
  if (invoice.balance < policy.minimumBalance) return { action: 'done', reason: `the balance is below the policy's minimum of ${policy.minimumBalance}` };

  const handled = new Set(ledger.map((notice) => notice.stage));
  const pending = reminderSchedule(invoice, policy).filter(
    (reminder) => !handled.has(reminder.stage) && (until === undefined || reminder.dueAt.getTime() < until.getTime()),
  );
  if (pending.length === 0) return { action: 'done', reason: 'every reminder stage is handled' };

  const due = pending.filter((reminder) => reminder.dueAt.getTime() <= now.getTime());
  const latestDue = due.at(-1);
  const next = latestDue ?? pending[0]!;
  const sendAt = latestDue ? nextOpening(now, policy.sendingWindow, customerZone(invoice, policy)) : next.sendAt;
  return {
    action: 'wait',
    stage: next.stage,
    sendAt,
    ...(sendAt.getTime() > Math.max(next.dueAt.getTime(), now.getTime()) ? { deferredFrom: next.dueAt } : {}),
    superseded: latestDue ? due.slice(0, -1).map((reminder) => reminder.stage) : [],
  };
}
