import { DateTime } from 'luxon';
import type { SendingWindow, Weekday } from './policy.js';

const luxonWeekdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * The first instant at or after `instant` inside the sending window, in the customer's zone: a
 * notice due on a weekend, a holiday or at night is deferred to the next opening, never dropped.
 */
export function nextOpening(instant: Date, window: SendingWindow, zone: string): Date {
  let local = DateTime.fromJSDate(instant, { zone });
  // A window has at least one day; a year of holidays cannot hide every one of them for 400 days.
  for (let day = 0; day < 400; day++) {
    const open = isSendingDay(local, window);
    if (open && local.hour < window.startHour) return local.set({ hour: window.startHour, minute: 0, second: 0, millisecond: 0 }).toJSDate();
    if (open && local.hour < window.endHour) return local.toJSDate();
    local = local.plus({ days: 1 }).set({ hour: window.startHour, minute: 0, second: 0, millisecond: 0 });
    if (isSendingDay(local, window)) return local.toJSDate();
  }
  throw new Error('The sending window never opens: check its days and holidays');
}

function isSendingDay(local: DateTime, window: SendingWindow): boolean {
  return window.days.includes(luxonWeekdays[local.weekday - 1]!) && !window.holidays.includes(local.toISODate() ?? '');
}
