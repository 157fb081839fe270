// @ts-check
/** Formats figures in the reader's locale. Money arrives as integer minor units plus an ISO 4217 code. */

/** @type {Map<string, number>} */
const digitsCache = new Map();

/**
 * How many minor-unit digits a currency has (2 for EUR, 0 for JPY, 3 for BHD), as Intl knows it.
 * @param {string} currency
 */
export function minorDigits(currency) {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

/**
 * @param {number} amountMinor
 * @param {string} currency
 */
export function money(amountMinor, currency) {
  const digits = minorDigits(currency);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amountMinor / 10 ** digits);
  } catch {
    return `${(amountMinor / 10 ** digits).toFixed(digits)} ${currency}`;
  }
}

/**
 * Short money for chart axes: "€12K".
 * @param {number} amountMinor
 * @param {string} currency
 */
export function compactMoney(amountMinor, currency) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(amountMinor / 10 ** minorDigits(currency));
  } catch {
    return money(amountMinor, currency);
  }
}

/**
 * @param {number | null | undefined} value
 * @param {string} [unit]
 */
export function figure(value, unit = '') {
  if (value === null || value === undefined) return '–';
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(value)}${unit}`;
}

const UTC = { timeZone: 'UTC' };

/**
 * A calendar date (YYYY-MM-DD) or an ISO instant, as "20 Nov 2026".
 * @param {string} value
 */
export function date(value) {
  const parsed = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(parsed.getTime())) return value;
  return new Intl.DateTimeFormat(undefined, { ...UTC, day: 'numeric', month: 'short', year: 'numeric' }).format(parsed);
}

/**
 * "20 Nov": for week labels.
 * @param {string} value YYYY-MM-DD
 */
export function dayMonth(value) {
  return new Intl.DateTimeFormat(undefined, { ...UTC, day: 'numeric', month: 'short' }).format(new Date(`${value}T00:00:00Z`));
}

/**
 * "Nov 2026": for month labels.
 * @param {string} value YYYY-MM-DD
 */
export function month(value) {
  return new Intl.DateTimeFormat(undefined, { ...UTC, month: 'short', year: 'numeric' }).format(new Date(`${value}T00:00:00Z`));
}

/**
 * The calendar date `days` after (or before) `value`.
 * @param {string} value YYYY-MM-DD
 * @param {number} days
 */
export function addDays(value, days) {
  const parsed = new Date(`${value}T00:00:00Z`);
  parsed.setUTCDate(parsed.getUTCDate() + days);
  return parsed.toISOString().slice(0, 10);
}

/**
 * The first day of the month `months` before the month of `value`.
 * @param {string} value YYYY-MM-DD
 * @param {number} months
 */
export function startOfMonthBefore(value, months) {
  const parsed = new Date(`${value.slice(0, 7)}-01T00:00:00Z`);
  parsed.setUTCMonth(parsed.getUTCMonth() - months);
  return parsed.toISOString().slice(0, 10);
}
