import assert from 'node:assert/strict';
import { defaultPolicy, type CollectionPolicy } from '../../shared/policies/index.js';
import { reminderSchedule } from '../../shared/reminders/index.js';
import type { NoticeRecord } from '../../shared/invoicing/index.js';
import type { Invoice } from '../../shared/invoicing/index.js';


export type PlanInvoice = Pick<Invoice, 'dueDate' | 'customer' | 'status' | 'balance'>;

export function invoiceDue(dueDate: string, timezone?: string, overrides: Partial<PlanInvoice> = {}): PlanInvoice {
  return {
    dueDate,
    customer: { id: 'C-1', name: 'Acme GmbH', email: 'ap@acme.example', ...(timezone ? { timezone } : {}) },
    status: 'open',
    balance: 125000,
    ...overrides,
  };
}

/** stage → [customer-local date, UTC instant] */
export function scheduleOf(invoice: PlanInvoice, policy: CollectionPolicy = defaultPolicy): Record<string, [string, string]> {
  return Object.fromEntries(reminderSchedule(invoice, policy).map((r) => [r.stage, [r.date, r.sendAt.toISOString()]]));
}

export function sendAtOf(invoice: PlanInvoice, stage: string, policy: CollectionPolicy = defaultPolicy): Date {
  const reminder = reminderSchedule(invoice, policy).find((r) => r.stage === stage);
  assert.ok(reminder, `no stage ${stage}`);
  return reminder.sendAt;
}

/** The wall-clock time an instant shows in a zone, e.g. "09:00". */
export function localTime(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

export const HOUR = 3_600_000;

export function notice(stage: string, status: NoticeRecord['status']): NoticeRecord {
  return { stage, status, at: '2026-01-01T00:00:00.000Z' };
}
