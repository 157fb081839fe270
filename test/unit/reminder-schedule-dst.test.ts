import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPolicy, type CollectionPolicy } from '../../shared/policies/index.js';
import { nextScheduledReminder, reminderSchedule } from '../../shared/reminders/index.js';
import type { NoticeRecord } from '../../shared/invoicing/index.js';
import { invoiceDue, sendAtOf, localTime, HOUR, notice } from './reminder-schedule.fixtures.js';


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
