import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SendingWindow } from '../../shared/policies/index.js';
import { sendOffsetSeconds, sendSpreadKey, spreadSendTime } from '../../shared/reminders/index.js';
import { planNextStep } from '../../shared/reminders/index.js';
import { collectionSetup as setup } from './fakes/collection-deps.js';
import { openInvoice } from './fixtures.js';

/** Monday to Friday, 09:00 to 17:00. */
const businessHours: SendingWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 9, endHour: 17, holidays: [] };
/** Tuesday 2026-12-08, 09:00 in Berlin (UTC+1). */
const berlinOpening = new Date('2026-12-08T08:00:00.000Z');
const keys = Array.from({ length: 10_000 }, (_, index) => sendSpreadKey('acme', `INV-${100_000 + index}`));

function spread(at: Date, key: string, minutes = 120, window = businessHours, zone = 'Europe/Berlin'): Date {
  return spreadSendTime(at, key, window, zone, minutes);
}

describe('spreadSendTime: where an invoice sends within the window', () => {
  it('gives the same invoice the same time every time, and other invoices other times', () => {
    const key = sendSpreadKey('acme', 'INV-1001');
    assert.equal(spread(berlinOpening, key).toISOString(), spread(berlinOpening, key).toISOString());
    assert.notEqual(spread(berlinOpening, key).toISOString(), spread(berlinOpening, sendSpreadKey('acme', 'INV-1002')).toISOString());
    assert.notEqual(spread(berlinOpening, key).toISOString(), spread(berlinOpening, sendSpreadKey('globex', 'INV-1001')).toISOString());
  });

  it('keeps the time of day an invoice sends at from one reminder day to the next', () => {
    const key = sendSpreadKey('acme', 'INV-1001');
    const offset = (day: Date) => spread(day, key).getTime() - day.getTime();
    assert.equal(offset(berlinOpening), offset(new Date('2026-12-15T08:00:00.000Z')));
  });

  it('puts 10,000 invoices due at the opening within the first 120 minutes of the window, never before the opening', () => {
    for (const key of keys) {
      const delay = spread(berlinOpening, key).getTime() - berlinOpening.getTime();
      assert.ok(delay >= 0 && delay < 120 * 60_000, `${key}: ${delay} ms`);
    }
  });

  it('spreads them evenly: each of the 12 ten-minute slices gets 1/12 of the invoices, within 10 %', () => {
    const slices = new Array<number>(12).fill(0);
    for (const key of keys) slices[Math.floor((spread(berlinOpening, key).getTime() - berlinOpening.getTime()) / 600_000)]! += 1;
    const expected = keys.length / 12;
    for (const [index, count] of slices.entries()) assert.ok(Math.abs(count - expected) < expected * 0.1, `slice ${index}: ${count} of ${keys.length}`);
  });

  it('never sends after the window closes: a spread longer than the window is cut to the window', () => {
    const morning: SendingWindow = { ...businessHours, startHour: 9, endHour: 10 };
    for (const key of keys.slice(0, 2_000)) {
      const delay = spread(berlinOpening, key, 480, morning).getTime() - berlinOpening.getTime();
      assert.ok(delay >= 0 && delay < 60 * 60_000, `${key}: ${delay} ms`);
    }
  });

  it('leaves a notice that is already later than its slot that day at its own time (a late ingest is not delayed)', () => {
    const key = keys.find((candidate) => sendOffsetSeconds(candidate, 7_200) < 3_600)!;
    const afternoon = new Date('2026-12-08T13:30:00.000Z');
    assert.equal(spread(afternoon, key).toISOString(), afternoon.toISOString());
  });

  it('delays a notice planned inside the window but before its slot to the slot', () => {
    const key = keys.find((candidate) => sendOffsetSeconds(candidate, 7_200) > 3_600)!;
    const slot = new Date(berlinOpening.getTime() + sendOffsetSeconds(key, 7_200) * 1000);
    assert.equal(spread(new Date(berlinOpening.getTime() + 1_800_000), key).toISOString(), slot.toISOString());
  });

  it('changes nothing with a spread of 0 minutes, or on a day the window is closed', () => {
    const key = sendSpreadKey('acme', 'INV-1001');
    assert.equal(spread(berlinOpening, key, 0).toISOString(), berlinOpening.toISOString());
    const saturdayOpening = new Date('2026-12-12T08:00:00.000Z');
    assert.equal(spread(saturdayOpening, key).toISOString(), saturdayOpening.toISOString());
  });

  it('follows the customer’s zone: the slot is after 09:00 local in New York, not UTC', () => {
    const newYorkOpening = new Date('2026-12-08T14:00:00.000Z');
    for (const key of keys.slice(0, 500)) {
      const delay = spread(newYorkOpening, key, 120, businessHours, 'America/New_York').getTime() - newYorkOpening.getTime();
      assert.ok(delay >= 0 && delay < 120 * 60_000, `${key}: ${delay} ms`);
    }
  });
});

describe('planNextStep with a notice spread', () => {
  it('plans the first reminder at the invoice’s slot within 120 minutes of 09:00 Berlin, and records that time as scheduled', async () => {
    const { deps, invoices } = setup('2026-11-01T10:00:00.000Z');
    invoices.put(openInvoice());
    const step = await planNextStep({ ...deps, noticeSpreadMinutes: 120 }, 'acme', 'INV-1001');
    assert.equal(step.kind, 'reminder');
    const at = step.kind === 'reminder' ? step.at : '';
    const slot = new Date(Date.parse('2026-11-28T08:00:00.000Z') + sendOffsetSeconds(sendSpreadKey('acme', 'INV-1001'), 7_200) * 1000);
    assert.equal(at, slot.toISOString());
    const scheduled = (await invoices.timeline('acme', 'INV-1001')).find((event) => event.type === 'reminder.scheduled');
    assert.equal(scheduled?.detail?.['sendAt'], at);
  });

  it('plans the same reminder at 09:00 sharp without a spread', async () => {
    const { deps, invoices } = setup('2026-11-01T10:00:00.000Z');
    invoices.put(openInvoice());
    assert.deepEqual(await planNextStep(deps, 'acme', 'INV-1001'), { kind: 'reminder', at: '2026-11-28T08:00:00.000Z', stage: 'due-in-3-days' });
  });
});
