import { addDays, localTimeToInstant } from './calendar.js';
import type { Invoice } from './invoice.js';
import type { CollectionPolicy } from './policy.js';

/** One entry of an invoice's notice ledger: a stage that is claimed, sent or skipped. */
export interface NoticeRecord {
  stage: string;
  status: 'claimed' | 'sent' | 'skipped';
  at: string;
  messageId?: string;
  reason?: string;
}

export interface ScheduledReminder {
  stage: string;
  /** The day the reminder belongs to, in the customer's zone. */
  date: string;
  sendAt: Date;
}

export type ReminderPlan =
  | { action: 'done'; reason: string }
  | {
      action: 'wait';
      stage: string;
      sendAt: Date;
      /** Stages that fell due while nobody could send them (late ingest, outage): never sent in a burst. */
      superseded: string[];
    };

/** Every reminder of a policy for an invoice, in send order. */
export function reminderSchedule(
  invoice: Pick<Invoice, 'dueDate' | 'customer'>,
  policy: CollectionPolicy,
): ScheduledReminder[] {
  const zone = invoice.customer.timezone ?? policy.defaultTimezone;
  return policy.stages
    .map((stage) => {
      const date = addDays(invoice.dueDate, stage.offsetDays);
      return { stage: stage.id, date, sendAt: localTimeToInstant(date, policy.sendHour, zone) };
    })
    .sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime());
}

/**
 * What the workflow does next, derived only from the invoice and its notice ledger (never from the
 * workflow's own history), so a stopped and restarted workflow picks up where it should.
 */
export function planNextReminder(
  invoice: Pick<Invoice, 'dueDate' | 'customer' | 'status' | 'balance'>,
  ledger: readonly NoticeRecord[],
  policy: CollectionPolicy,
  now: Date,
): ReminderPlan {
  if (invoice.status !== 'open') return { action: 'done', reason: `invoice is ${invoice.status}` };
  if (invoice.balance <= 0) return { action: 'done', reason: 'nothing is owed' };

  const handled = new Set(ledger.map((notice) => notice.stage));
  const pending = reminderSchedule(invoice, policy).filter((reminder) => !handled.has(reminder.stage));
  if (pending.length === 0) return { action: 'done', reason: 'every reminder stage is handled' };

  const due = pending.filter((reminder) => reminder.sendAt.getTime() <= now.getTime());
  const latestDue = due.at(-1);
  if (latestDue) {
    return {
      action: 'wait',
      stage: latestDue.stage,
      sendAt: latestDue.sendAt,
      superseded: due.slice(0, -1).map((reminder) => reminder.stage),
    };
  }
  const next = pending[0]!;
  return { action: 'wait', stage: next.stage, sendAt: next.sendAt, superseded: [] };
}
