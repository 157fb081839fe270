import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addDays } from '../../shared/kernel/index.js';
import type { SendingWindow } from '../../shared/policies/index.js';
import { nextOpening } from '../../shared/policies/index.js';

/** Monday to Friday, 09:00 to 17:00. */
const businessHours: SendingWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 9, endHour: 17, holidays: [] };
const everyDay: SendingWindow = { ...businessHours, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] };

function opening(instant: string, window: SendingWindow = businessHours, zone = 'UTC'): string {
  return nextOpening(new Date(instant), window, zone).toISOString();
}

/** The wall-clock time an instant shows in a zone, e.g. "Mon 09:00". */
function localTime(instant: string, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

describe('nextOpening: days and hours', () => {
  it('moves an instant on a Saturday to Monday 09:00', () => {
    assert.equal(opening('2026-12-05T10:00:00.000Z'), '2026-12-07T09:00:00.000Z');
  });

  it('moves late Sunday night to Monday 09:00', () => {
    assert.equal(opening('2026-12-06T23:59:59.999Z'), '2026-12-07T09:00:00.000Z');
  });

  it('moves Friday at closing time over the weekend to Monday 09:00', () => {
    assert.equal(opening('2026-12-04T17:00:00.000Z'), '2026-12-07T09:00:00.000Z');
  });

  it('moves an instant before the opening hour to the opening of the same day', () => {
    assert.equal(opening('2026-12-07T07:30:00.000Z'), '2026-12-07T09:00:00.000Z');
    assert.equal(opening('2026-12-08T00:00:00.000Z'), '2026-12-08T09:00:00.000Z');
  });

  it('moves an instant at or after the closing hour to the next day’s opening', () => {
    assert.equal(opening('2026-12-07T17:00:00.000Z'), '2026-12-08T09:00:00.000Z');
    assert.equal(opening('2026-12-07T22:15:00.000Z'), '2026-12-08T09:00:00.000Z');
  });

  it('leaves an instant inside the window unchanged, to the millisecond, including the opening instant and the last moment before closing', () => {
    for (const instant of ['2026-12-08T11:23:45.678Z', '2026-12-08T09:00:00.000Z', '2026-12-08T16:59:59.999Z']) {
      assert.equal(opening(instant), instant);
    }
  });

  it('keeps an instant late in the evening when the window runs until midnight (endHour 24)', () => {
    assert.equal(opening('2026-12-08T23:30:00.000Z', { ...businessHours, endHour: 24 }), '2026-12-08T23:30:00.000Z');
  });

  it('sends on a weekend when the window includes it', () => {
    assert.equal(opening('2026-12-05T10:00:00.000Z', everyDay), '2026-12-05T10:00:00.000Z');
    assert.equal(opening('2026-12-05T18:00:00.000Z', everyDay), '2026-12-06T09:00:00.000Z');
  });
});

describe('nextOpening: holidays', () => {
  const christmas: SendingWindow = { ...businessHours, holidays: ['2026-12-24', '2026-12-25'] };

  it('skips holidays and the weekend after them (Wednesday evening → the Monday after Christmas)', () => {
    assert.equal(opening('2026-12-23T18:00:00.000Z', christmas), '2026-12-28T09:00:00.000Z');
  });

  it('defers an instant inside the hours of a holiday', () => {
    assert.equal(opening('2026-12-24T10:00:00.000Z', christmas), '2026-12-28T09:00:00.000Z');
  });

  it('skips a holiday that falls on a day the window would otherwise open every day', () => {
    assert.equal(opening('2026-12-24T10:00:00.000Z', { ...everyDay, holidays: ['2026-12-24', '2026-12-25'] }), '2026-12-26T09:00:00.000Z');
  });

  it('reads holidays on the customer’s calendar, not the UTC one', () => {
    // 2026-12-06T21:00Z is Monday 2026-12-07 10:00 in Auckland (NZDT, UTC+13), a holiday there.
    const zone = 'Pacific/Auckland';
    const instant = opening('2026-12-06T21:00:00.000Z', { ...businessHours, holidays: ['2026-12-07'] }, zone);
    assert.equal(instant, '2026-12-07T20:00:00.000Z');
    assert.equal(localTime(instant, zone), 'Tue 09:00');
  });

  it('throws rather than looping forever when holidays hide every sending day', () => {
    const mondays = Array.from({ length: 60 }, (_, week) => addDays('2026-12-07', week * 7));
    assert.throws(() => opening('2026-12-07T10:00:00.000Z', { ...businessHours, days: ['mon'], holidays: mondays }), /never opens/);
  });
});

describe('nextOpening: customer time zones', () => {
  it('opens at 09:00 New York time (14:00 UTC in winter)', () => {
    const instant = opening('2026-12-07T13:00:00.000Z', businessHours, 'America/New_York'); // Monday 08:00 EST
    assert.equal(instant, '2026-12-07T14:00:00.000Z');
    assert.equal(localTime(instant, 'America/New_York'), 'Mon 09:00');
  });

  it('judges the weekday in the customer’s zone: a UTC Sunday that is Monday morning in Auckland is inside the window', () => {
    assert.equal(opening('2026-12-06T20:00:00.000Z', businessHours, 'Pacific/Auckland'), '2026-12-06T20:00:00.000Z');
    assert.equal(localTime('2026-12-06T20:00:00.000Z', 'Pacific/Auckland'), 'Mon 09:00');
  });

  it('judges the weekday in the customer’s zone: a UTC Friday morning that is Friday evening in Tokyo waits for Monday 09:00 JST', () => {
    const instant = opening('2026-12-04T09:00:00.000Z', businessHours, 'Asia/Tokyo'); // Friday 18:00 JST
    assert.equal(instant, '2026-12-07T00:00:00.000Z');
    assert.equal(localTime(instant, 'Asia/Tokyo'), 'Mon 09:00');
  });

  it('opens at 09:00 local on the day Berlin springs forward (2026-03-29): 07:00 UTC, after a 23-hour night', () => {
    const zone = 'Europe/Berlin';
    assert.equal(opening('2026-03-28T17:00:00.000Z', everyDay, zone), '2026-03-29T07:00:00.000Z'); // Saturday 18:00 CET
    assert.equal(opening('2026-03-29T00:30:00.000Z', everyDay, zone), '2026-03-29T07:00:00.000Z'); // 01:30 CET, before the change
    assert.equal(localTime('2026-03-29T07:00:00.000Z', zone), 'Sun 09:00');
  });

  it('opens at 09:00 local on the day New York falls back (2026-11-01): 14:00 UTC instead of 13:00', () => {
    const zone = 'America/New_York';
    assert.equal(opening('2026-10-31T22:00:00.000Z', everyDay, zone), '2026-11-01T14:00:00.000Z'); // Saturday 18:00 EDT
    assert.equal(opening('2026-10-31T13:30:00.000Z', everyDay, zone), '2026-10-31T13:30:00.000Z'); // Saturday 09:30 EDT, inside
  });

  it('closes at 17:00 local on a daylight-saving day, whatever the UTC hour', () => {
    // 2026-03-29 16:59 CEST is 14:59 UTC (inside); 17:00 CEST is 15:00 UTC (closed until Monday 09:00 CEST).
    assert.equal(opening('2026-03-29T14:59:00.000Z', everyDay, 'Europe/Berlin'), '2026-03-29T14:59:00.000Z');
    assert.equal(opening('2026-03-29T15:00:00.000Z', everyDay, 'Europe/Berlin'), '2026-03-30T07:00:00.000Z');
  });
});
