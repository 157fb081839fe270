import { DateTime, IANAZone } from 'luxon';
import * as z from 'zod';

/**
 * The dates arflow accepts anywhere (issue, due, paid, promised, holiday, report period). A fixed range
 * rather than one relative to today or to the issue date: the ERP's history may be old and a payment
 * plan long, but 9999-12-31 or 0001-01-01 is a typo or a sentinel, and such dates break the day
 * arithmetic of reminders, aging buckets and the workflow's Wait states.
 */
export const EARLIEST_DATE = '2000-01-01';
export const LATEST_DATE = '2099-12-31';

/** A calendar date (no time, no zone) as YYYY-MM-DD that really exists (no 2026-02-30), within EARLIEST_DATE..LATEST_DATE. */
export const calendarDateSchema = z
  .string()
  .max(10, { error: 'must be a date as YYYY-MM-DD', abort: true })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((value) => epochDay(value) !== undefined || DateTime.fromISO(value, { zone: 'UTC' }).isValid, 'is not a real calendar date')
  .refine((value) => !/^\d{4}-\d{2}-\d{2}$/.test(value) || (value >= EARLIEST_DATE && value <= LATEST_DATE), `must be between ${EARLIEST_DATE} and ${LATEST_DATE}`);

export const timezoneSchema = z
  .string()
  .max(64, { error: 'must be an IANA time zone, e.g. Europe/Berlin', abort: true })
  .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone, e.g. Europe/Berlin')
  // Stored in its canonical spelling ('europe/berlin' → 'Europe/Berlin').
  .transform((zone) => new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone);

/** The calendar date an instant falls on in a zone. */
export function dateInZone(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * A YYYY-MM-DD date as UTC epoch days, or undefined for anything else (callers then take luxon's path).
 * Plain arithmetic, because planning a step calls these hundreds of times and luxon's DateTime made
 * them the policy simulator's largest cost; UTC calendar days are exact (no daylight saving).
 */
function epochDay(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Date.UTC rolls 2026-02-30 over to March; luxon calls that invalid: let luxon answer.
  return new Date(ms).toISOString().slice(0, 10) === date ? ms / DAY_MS : undefined;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const fromDay = epochDay(from);
  const toDay = epochDay(to);
  if (fromDay !== undefined && toDay !== undefined) return toDay - fromDay;
  const start = DateTime.fromISO(from, { zone: 'UTC' });
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  return Math.round(end.diff(start, 'days').days);
}

/** `date` + `days` calendar days (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const day = epochDay(date);
  if (day !== undefined && Number.isInteger(days)) {
    const result = new Date((day + days) * DAY_MS);
    // Years beyond 9999 print differently: leave them to luxon.
    if (result.getUTCFullYear() >= 0 && result.getUTCFullYear() <= 9999) return result.toISOString().slice(0, 10);
  }
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() ?? '';
}

/**
 * The instant of a local wall-clock time on a calendar date in a zone. Luxon resolves times that a
 * daylight-saving change skips by moving forward, so the result always exists.
 */
export function localTimeToInstant(date: string, hour: number, zone: string): Date {
  const key = `${date}T${hour}\u0000${zone}`;
  let ms = localInstants.get(key);
  if (ms === undefined) {
    ms = DateTime.fromISO(date, { zone }).set({ hour, minute: 0, second: 0, millisecond: 0 }).toMillis();
    // Plans ask for the same few days, hours and zones over and over; a long-lived process keeps at most this many.
    if (localInstants.size >= MAX_LOCAL_INSTANTS) localInstants.clear();
    localInstants.set(key, ms);
  }
  return new Date(ms);
}

/** localTimeToInstant's answers (epoch ms): luxon's zone arithmetic per call was a planning step's largest cost after the day arithmetic above. */
const localInstants = new Map<string, number>();
const MAX_LOCAL_INSTANTS = 50_000;
