import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPolicy, type CollectionPolicy } from '../../shared/policies/index.js';
import { nextScheduledReminder, reminderSchedule } from '../../shared/reminders/index.js';
import type { NoticeRecord } from '../../shared/invoicing/index.js';
import type { Invoice } from '../../shared/invoicing/index.js';

type PlanInvoice = Pick<Invoice, 'dueDate' | 'customer' | 'status' | 'balance'>;

function invoiceDue(dueDate: string, timezone?: string, overrides: Partial<PlanInvoice> = {}): PlanInvoice {
  return {
    dueDate,
    customer: { id: 'C-1', name: 'Acme GmbH', email: 'ap@acme.example', ...(timezone ? { timezone } : {}) },
    status: 'open',
    balance: 125000,
    ...overrides,
  };
}

/** stage → [customer-local date, UTC instant] */
function scheduleOf(invoice: PlanInvoice, policy: CollectionPolicy = defaultPolicy): Record<string, [string, string]> {
  return Object.fromEntries(reminderSchedule(invoice, policy).map((r) => [r.stage, [r.date, r.sendAt.toISOString()]]));
}

function sendAtOf(invoice: PlanInvoice, stage: string, policy: CollectionPolicy = defaultPolicy): Date {
  const reminder = reminderSchedule(invoice, policy).find((r) => r.stage === stage);
  assert.ok(reminder, `no stage ${stage}`);
  return reminder.sendAt;
}

/** The wall-clock time an instant shows in a zone, e.g. "09:00". */
function localTime(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

const HOUR = 3_600_000;

function notice(stage: string, status: NoticeRecord['status']): NoticeRecord {
  return { stage, status, at: '2026-01-01T00:00:00.000Z' };
}

describe('reminderSchedule: customer time zones', () => {
  it('sends every default stage at 09:00 Berlin time (08:00 UTC in winter) on -3, +1, +7 and +14 days', () => {
    assert.deepEqual(scheduleOf(invoiceDue('2026-12-01', 'Europe/Berlin')), {
      'due-in-3-days': ['2026-11-28', '2026-11-28T08:00:00.000Z'],
      'overdue-1-day': ['2026-12-02', '2026-12-02T08:00:00.000Z'],
      'overdue-7-days': ['2026-12-08', '2026-12-08T08:00:00.000Z'],
      'overdue-14-days': ['2026-12-15', '2026-12-15T08:00:00.000Z'],
    });
  });

  it('sends at 09:00 Los Angeles time, which is 17:00 UTC in winter', () => {
    assert.deepEqual(scheduleOf(invoiceDue('2026-12-01', 'America/Los_Angeles')), {
      'due-in-3-days': ['2026-11-28', '2026-11-28T17:00:00.000Z'],
      'overdue-1-day': ['2026-12-02', '2026-12-02T17:00:00.000Z'],
      'overdue-7-days': ['2026-12-08', '2026-12-08T17:00:00.000Z'],
      'overdue-14-days': ['2026-12-15', '2026-12-15T17:00:00.000Z'],
    });
  });

  it('sends at 09:00 Tokyo time, which is midnight UTC of the same day', () => {
    assert.deepEqual(scheduleOf(invoiceDue('2026-12-01', 'Asia/Tokyo')), {
      'due-in-3-days': ['2026-11-28', '2026-11-28T00:00:00.000Z'],
      'overdue-1-day': ['2026-12-02', '2026-12-02T00:00:00.000Z'],
      'overdue-7-days': ['2026-12-08', '2026-12-08T00:00:00.000Z'],
      'overdue-14-days': ['2026-12-15', '2026-12-15T00:00:00.000Z'],
    });
  });

  it('sends at 09:00 Auckland summer time, which is 20:00 UTC on the previous calendar day', () => {
    assert.deepEqual(scheduleOf(invoiceDue('2026-12-01', 'Pacific/Auckland')), {
      'due-in-3-days': ['2026-11-28', '2026-11-27T20:00:00.000Z'],
      'overdue-1-day': ['2026-12-02', '2026-12-01T20:00:00.000Z'],
      'overdue-7-days': ['2026-12-08', '2026-12-07T20:00:00.000Z'],
      'overdue-14-days': ['2026-12-15', '2026-12-14T20:00:00.000Z'],
    });
  });

  it('sends at 09:00 UTC when the customer has no time zone (the default policy zone)', () => {
    assert.deepEqual(scheduleOf(invoiceDue('2026-12-01')), {
      'due-in-3-days': ['2026-11-28', '2026-11-28T09:00:00.000Z'],
      'overdue-1-day': ['2026-12-02', '2026-12-02T09:00:00.000Z'],
      'overdue-7-days': ['2026-12-08', '2026-12-08T09:00:00.000Z'],
      'overdue-14-days': ['2026-12-15', '2026-12-15T09:00:00.000Z'],
    });
  });

  it("uses the policy's default zone for a customer without one, and the customer's own zone over it", () => {
    const tokyoPolicy: CollectionPolicy = { ...defaultPolicy, defaultTimezone: 'Asia/Tokyo' };
    assert.equal(sendAtOf(invoiceDue('2026-12-01'), 'overdue-1-day', tokyoPolicy).toISOString(), '2026-12-02T00:00:00.000Z');
    assert.equal(sendAtOf(invoiceDue('2026-12-01', 'Europe/Berlin'), 'overdue-1-day', tokyoPolicy).toISOString(), '2026-12-02T08:00:00.000Z');
  });

  it("honours the policy's send hour", () => {
    const at14: CollectionPolicy = { ...defaultPolicy, sendingWindow: { ...defaultPolicy.sendingWindow, startHour: 14 } };
    assert.equal(sendAtOf(invoiceDue('2026-12-01', 'America/Los_Angeles'), 'overdue-1-day', at14).toISOString(), '2026-12-02T22:00:00.000Z');
  });
});

describe('reminderSchedule: month and year ends', () => {
  it('puts +1 day of an invoice due 2026-01-31 on 2026-02-01', () => {
    assert.deepEqual(scheduleOf(invoiceDue('2026-01-31')), {
      'due-in-3-days': ['2026-01-28', '2026-01-28T09:00:00.000Z'],
      'overdue-1-day': ['2026-02-01', '2026-02-01T09:00:00.000Z'],
      'overdue-7-days': ['2026-02-07', '2026-02-07T09:00:00.000Z'],
      'overdue-14-days': ['2026-02-14', '2026-02-14T09:00:00.000Z'],
    });
  });

  it('puts +1 day of an invoice due 2026-02-28 (no leap year) on 2026-03-01', () => {
    assert.deepEqual(scheduleOf(invoiceDue('2026-02-28')), {
      'due-in-3-days': ['2026-02-25', '2026-02-25T09:00:00.000Z'],
      'overdue-1-day': ['2026-03-01', '2026-03-01T09:00:00.000Z'],
      'overdue-7-days': ['2026-03-07', '2026-03-07T09:00:00.000Z'],
      'overdue-14-days': ['2026-03-14', '2026-03-14T09:00:00.000Z'],
    });
  });

  it('puts +1 day of an invoice due on the leap day 2028-02-29 on 2028-03-01', () => {
    assert.deepEqual(scheduleOf(invoiceDue('2028-02-29')), {
      'due-in-3-days': ['2028-02-26', '2028-02-26T09:00:00.000Z'],
      'overdue-1-day': ['2028-03-01', '2028-03-01T09:00:00.000Z'],
      'overdue-7-days': ['2028-03-07', '2028-03-07T09:00:00.000Z'],
      'overdue-14-days': ['2028-03-14', '2028-03-14T09:00:00.000Z'],
    });
  });

  it('puts +1 day of an invoice due 2028-02-28 on the leap day 2028-02-29', () => {
    assert.deepEqual(scheduleOf(invoiceDue('2028-02-28'))['overdue-1-day'], ['2028-02-29', '2028-02-29T09:00:00.000Z']);
  });

  it('counts -3 days back across a month end (due 2026-03-02 → 2026-02-27) and the leap day (due 2028-03-01 → 2028-02-27)', () => {
    assert.deepEqual(scheduleOf(invoiceDue('2026-03-02'))['due-in-3-days'], ['2026-02-27', '2026-02-27T09:00:00.000Z']);
    assert.deepEqual(scheduleOf(invoiceDue('2028-03-01'))['due-in-3-days'], ['2028-02-27', '2028-02-27T09:00:00.000Z']);
  });

  it('counts -3 days back across a year end (due 2027-01-02 → 2026-12-30)', () => {
    assert.deepEqual(scheduleOf(invoiceDue('2027-01-02'))['due-in-3-days'], ['2026-12-30', '2026-12-30T09:00:00.000Z']);
  });

  it('counts +14 days forward across a year end (due 2026-12-25 → 2027-01-08)', () => {
    assert.deepEqual(scheduleOf(invoiceDue('2026-12-25'))['overdue-14-days'], ['2027-01-08', '2027-01-08T09:00:00.000Z']);
  });

  it('keeps the customer-local date across a year end in Auckland (due 2027-01-02, -3 days is 2026-12-30 local, 2026-12-29 UTC)', () => {
    assert.deepEqual(scheduleOf(invoiceDue('2027-01-02', 'Pacific/Auckland'))['due-in-3-days'], ['2026-12-30', '2026-12-29T20:00:00.000Z']);
  });
});

describe('reminderSchedule: daylight-saving changes', () => {
  it('sends at 09:00 in Berlin on the day clocks go forward (2026-03-29): 07:00 UTC instead of 08:00 UTC', () => {
    // Due 2026-03-22: -3 days (03-19) and +1 day (03-23) are winter time, +7 days is the change day itself.
    const invoice = invoiceDue('2026-03-22', 'Europe/Berlin');
    const before = sendAtOf(invoice, 'overdue-1-day');
    const onChange = sendAtOf(invoice, 'overdue-7-days');
    assert.equal(before.toISOString(), '2026-03-23T08:00:00.000Z');
    assert.equal(onChange.toISOString(), '2026-03-29T07:00:00.000Z');
    assert.equal(localTime(before, 'Europe/Berlin'), '09:00');
    assert.equal(localTime(onChange, 'Europe/Berlin'), '09:00');
    assert.equal(sendAtOf(invoice, 'overdue-14-days').toISOString(), '2026-04-05T07:00:00.000Z');
  });

  it('sends at 09:00 in Berlin on the day clocks go back (2026-10-25): 08:00 UTC instead of 07:00 UTC', () => {
    const invoice = invoiceDue('2026-10-18', 'Europe/Berlin');
    const before = sendAtOf(invoice, 'overdue-1-day');
    const onChange = sendAtOf(invoice, 'overdue-7-days');
    assert.equal(before.toISOString(), '2026-10-19T07:00:00.000Z');
    assert.equal(onChange.toISOString(), '2026-10-25T08:00:00.000Z');
    assert.equal(localTime(onChange, 'Europe/Berlin'), '09:00');
  });

  it('sends at 09:00 in New York on the day clocks go forward (2026-03-08): 13:00 UTC instead of 14:00 UTC', () => {
    const invoice = invoiceDue('2026-03-01', 'America/New_York');
    const before = sendAtOf(invoice, 'overdue-1-day');
    const onChange = sendAtOf(invoice, 'overdue-7-days');
    assert.equal(before.toISOString(), '2026-03-02T14:00:00.000Z');
    assert.equal(onChange.toISOString(), '2026-03-08T13:00:00.000Z');
    assert.equal(localTime(onChange, 'America/New_York'), '09:00');
  });

  it('sends at 09:00 in New York on the day clocks go back (2026-11-01): 14:00 UTC instead of 13:00 UTC', () => {
    const invoice = invoiceDue('2026-10-25', 'America/New_York');
    const before = sendAtOf(invoice, 'overdue-1-day');
    const onChange = sendAtOf(invoice, 'overdue-7-days');
    assert.equal(before.toISOString(), '2026-10-26T13:00:00.000Z');
    assert.equal(onChange.toISOString(), '2026-11-01T14:00:00.000Z');
    assert.equal(localTime(onChange, 'America/New_York'), '09:00');
  });

  it('spaces daily stages 23 hours apart into the spring-forward day and 25 hours into the fall-back day', () => {
    const daily: CollectionPolicy = {
      ...defaultPolicy,
      stages: [
        { id: 'day-before', offsetDays: -1, template: 'friendly' },
        { id: 'change-day', offsetDays: 0, template: 'friendly' },
        { id: 'day-after', offsetDays: 1, template: 'friendly' },
      ],
    };
    const gaps = (dueDate: string, zone: string) => {
      const [a, b, c] = reminderSchedule(invoiceDue(dueDate, zone), daily).map((r) => r.sendAt.getTime());
      return [(b! - a!) / HOUR, (c! - b!) / HOUR];
    };
    assert.deepEqual(gaps('2026-03-29', 'Europe/Berlin'), [23, 24]);
    assert.deepEqual(gaps('2026-10-25', 'Europe/Berlin'), [25, 24]);
    assert.deepEqual(gaps('2026-03-08', 'America/New_York'), [23, 24]);
    assert.deepEqual(gaps('2026-11-01', 'America/New_York'), [25, 24]);
  });

  it('moves a send hour that the spring-forward change skips (02:00 in Berlin on 2026-03-29) to 03:00 local', () => {
    const at2: CollectionPolicy = { ...defaultPolicy, sendingWindow: { ...defaultPolicy.sendingWindow, startHour: 2 }, stages: [{ id: 'due', offsetDays: 0, template: 'friendly' }] };
    const sendAt = sendAtOf(invoiceDue('2026-03-29', 'Europe/Berlin'), 'due', at2);
    assert.equal(sendAt.toISOString(), '2026-03-29T01:00:00.000Z');
    assert.equal(localTime(sendAt, 'Europe/Berlin'), '03:00');
  });

  it('sends at 09:00 in Santiago on the day whose midnight the spring-forward change skips (2026-09-06)', () => {
    const invoice = invoiceDue('2026-09-05', 'America/Santiago');
    assert.equal(sendAtOf(invoice, 'overdue-1-day').toISOString(), '2026-09-06T12:00:00.000Z');
    assert.equal(localTime(sendAtOf(invoice, 'overdue-1-day'), 'America/Santiago'), '09:00');
  });
});

describe('nextScheduledReminder', () => {
  it('plans the first stage with nothing superseded for a fresh invoice', () => {
    const plan = nextScheduledReminder(invoiceDue('2026-12-01', 'Europe/Berlin'), [], defaultPolicy, new Date('2026-11-01T10:00:00Z'));
    assert.deepEqual(plan, { action: 'wait', stage: 'due-in-3-days', sendAt: new Date('2026-11-28T08:00:00.000Z'), superseded: [] });
  });

  it('skips the earlier stages of an invoice ingested 10 days overdue and plans only the latest due stage', () => {
    const plan = nextScheduledReminder(invoiceDue('2026-03-01'), [], defaultPolicy, new Date('2026-03-11T10:00:00Z'));
    assert.deepEqual(plan, {
      action: 'wait',
      stage: 'overdue-7-days',
      sendAt: new Date('2026-03-11T10:00:00.000Z'), // now: inside the sending window
      superseded: ['due-in-3-days', 'overdue-1-day'],
    });
  });

  it('plans only the last stage of an invoice ingested 30 days overdue and supersedes the other three', () => {
    const plan = nextScheduledReminder(invoiceDue('2026-03-01'), [], defaultPolicy, new Date('2026-03-31T10:00:00Z'));
    assert.deepEqual(plan, {
      action: 'wait',
      stage: 'overdue-14-days',
      sendAt: new Date('2026-03-31T10:00:00.000Z'),
      superseded: ['due-in-3-days', 'overdue-1-day', 'overdue-7-days'],
    });
  });

  it('plans a stage that fell due an hour ago for now (inside the window) rather than skipping it, with nothing superseded', () => {
    const plan = nextScheduledReminder(invoiceDue('2026-03-01'), [], defaultPolicy, new Date('2026-02-26T10:00:00Z'));
    assert.deepEqual(plan, { action: 'wait', stage: 'due-in-3-days', sendAt: new Date('2026-02-26T10:00:00.000Z'), superseded: [] });
  });

  it('treats a stage as due at exactly its send instant, and as not yet due one millisecond before', () => {
    const invoice = invoiceDue('2026-03-01');
    const at = new Date('2026-03-02T09:00:00.000Z'); // overdue-1-day
    const justBefore = nextScheduledReminder(invoice, [], defaultPolicy, new Date(at.getTime() - 1));
    // due-in-3-days is overdue, and 08:59:59.999 is before the window opens at 09:00: it goes out at the opening.
    assert.deepEqual(justBefore, { action: 'wait', stage: 'due-in-3-days', sendAt: at, deferredFrom: new Date('2026-02-26T09:00:00.000Z'), superseded: [] });
    const exactly = nextScheduledReminder(invoice, [], defaultPolicy, at);
    assert.deepEqual(exactly, { action: 'wait', stage: 'overdue-1-day', sendAt: at, superseded: ['due-in-3-days'] });
  });

  it('does not plan stages the ledger has as sent, claimed or skipped again, and waits for the next future one', () => {
    const now = new Date('2026-03-03T10:00:00Z');
    for (const status of ['sent', 'claimed', 'skipped'] as const) {
      const ledger = [notice('due-in-3-days', 'skipped'), notice('overdue-1-day', status)];
      const plan = nextScheduledReminder(invoiceDue('2026-03-01'), ledger, defaultPolicy, now);
      assert.deepEqual(plan, { action: 'wait', stage: 'overdue-7-days', sendAt: new Date('2026-03-08T09:00:00.000Z'), superseded: [] }, status);
    }
  });

  it('does not list stages already in the ledger as superseded', () => {
    const ledger = [notice('due-in-3-days', 'sent')];
    const plan = nextScheduledReminder(invoiceDue('2026-03-01'), ledger, defaultPolicy, new Date('2026-03-20T10:00:00Z'));
    assert.deepEqual(plan, {
      action: 'wait',
      stage: 'overdue-14-days',
      sendAt: new Date('2026-03-20T10:00:00.000Z'),
      superseded: ['overdue-1-day', 'overdue-7-days'],
    });
  });

  it('is done when the invoice is paid, whatever the ledger says', () => {
    const plan = nextScheduledReminder(invoiceDue('2026-03-01', undefined, { status: 'paid', balance: 0 }), [], defaultPolicy, new Date('2026-03-03T10:00:00Z'));
    assert.deepEqual(plan, { action: 'done', reason: 'invoice is paid' });
  });

  it('is done when an open invoice has a zero balance', () => {
    const plan = nextScheduledReminder(invoiceDue('2026-03-01', undefined, { balance: 0 }), [], defaultPolicy, new Date('2026-03-03T10:00:00Z'));
    assert.deepEqual(plan, { action: 'done', reason: 'nothing is owed' });
  });

  it('is done when every stage is handled, even before the last stage’s send time', () => {
    const ledger = defaultPolicy.stages.map((stage) => notice(stage.id, 'sent'));
    const plan = nextScheduledReminder(invoiceDue('2026-03-01'), ledger, defaultPolicy, new Date('2026-02-01T00:00:00Z'));
    assert.deepEqual(plan, { action: 'done', reason: 'every reminder stage is handled' });
  });

  it('walks a fresh invoice through all four stages one at a time and is then done', () => {
    const invoice = invoiceDue('2026-12-01', 'Europe/Berlin');
    const ledger: NoticeRecord[] = [];
    let now = new Date('2026-11-01T10:00:00Z');
    const sentStages: string[] = [];
    for (;;) {
      const plan = nextScheduledReminder(invoice, ledger, defaultPolicy, now);
      if (plan.action === 'done') break;
      assert.deepEqual(plan.superseded, []);
      now = plan.sendAt; // the workflow's Wait state ends exactly then
      ledger.push(notice(plan.stage, 'sent'));
      sentStages.push(plan.stage);
    }
    assert.deepEqual(sentStages, ['due-in-3-days', 'overdue-1-day', 'overdue-7-days', 'overdue-14-days']);
  });

  it('sends no burst after a late ingest: once the latest due stage and its superseded stages are recorded, it waits for the next future stage', () => {
    const invoice = invoiceDue('2026-03-01');
    const now = new Date('2026-03-11T10:00:00Z');
    const first = nextScheduledReminder(invoice, [], defaultPolicy, now);
    assert.ok(first.action === 'wait');
    const ledger = [...first.superseded.map((stage) => notice(stage, 'skipped')), notice(first.stage, 'sent')];
    const second = nextScheduledReminder(invoice, ledger, defaultPolicy, new Date(now.getTime() + 1000));
    assert.deepEqual(second, { action: 'wait', stage: 'overdue-14-days', sendAt: new Date('2026-03-15T09:00:00.000Z'), superseded: [] });
  });

  it('plans the stages of a custom policy with unsorted stages in time order', () => {
    const policy: CollectionPolicy = {
      ...defaultPolicy,
      name: 'unsorted',
      stages: [
        { id: 'late', offsetDays: 10, template: 'friendly' },
        { id: 'early', offsetDays: -5, template: 'friendly' },
        { id: 'on-due-date', offsetDays: 0, template: 'friendly' },
      ],
      sendingWindow: { ...defaultPolicy.sendingWindow, startHour: 9 },
      defaultTimezone: 'UTC',
    };
    const invoice = invoiceDue('2026-06-15');
    assert.deepEqual(
      reminderSchedule(invoice, policy).map((r) => r.stage),
      ['early', 'on-due-date', 'late'],
    );
    assert.deepEqual(nextScheduledReminder(invoice, [], policy, new Date('2026-06-01T00:00:00Z')), {
      action: 'wait',
      stage: 'early',
      sendAt: new Date('2026-06-10T09:00:00.000Z'),
      superseded: [],
    });
    // Due since yesterday 09:00, and midnight is outside the window: it goes out when the window opens.
    assert.deepEqual(nextScheduledReminder(invoice, [], policy, new Date('2026-06-16T00:00:00Z')), {
      action: 'wait',
      stage: 'on-due-date',
      sendAt: new Date('2026-06-16T09:00:00.000Z'),
      deferredFrom: new Date('2026-06-15T09:00:00.000Z'),
      superseded: ['early'],
    });
    assert.deepEqual(nextScheduledReminder(invoice, [notice('early', 'sent')], policy, new Date('2026-06-11T00:00:00Z')), {
      action: 'wait',
      stage: 'on-due-date',
      sendAt: new Date('2026-06-15T09:00:00.000Z'),
      superseded: [],
    });
  });
});
