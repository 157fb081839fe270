import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPolicy, type CollectionPolicy } from '../../shared/policies/index.js';
import { invoiceDue, scheduleOf, sendAtOf } from './reminder-schedule.fixtures.js';


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
