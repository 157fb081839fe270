import currencyCodes from 'currency-codes';
import * as z from 'zod';
import { typeError } from './validation.js';

/** Money is an integer amount of minor units plus an ISO 4217 currency code. Never a float. */

/** ISO 4217 codes that are not money one invoices in: precious metals, funds, SDRs, test codes. */
const notInvoiceCurrencies = new Set(['XAU', 'XAG', 'XPD', 'XPT', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XSU', 'XUA', 'XTS', 'XXX']);

export function isKnownCurrency(code: string): boolean {
  // The lookup ignores case; ISO codes are upper case.
  return /^[A-Z]{3}$/.test(code) && currencyCodes.code(code) !== undefined && !notInvoiceCurrencies.has(code);
}

/**
 * Number of minor-unit digits of a currency per ISO 4217 (EUR 2, JPY 0, BHD 3, HUF 2). Not ICU's
 * display digits, which differ for some (ICU shows HUF with 0): amounts are ISO minor units.
 */
export function minorUnitDigits(currency: string): number {
  const entry = isKnownCurrency(currency) ? currencyCodes.code(currency) : undefined;
  if (!entry) throw new RangeError(`Unknown ISO 4217 currency: ${currency}`);
  return entry.digits;
}

/** 125000 EUR → "1250.00": exact decimal string, no floating point. */
export function minorToDecimalString(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount).toString().padStart(digits + 1, '0');
  if (digits === 0) return sign + abs;
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** Building an Intl.NumberFormat costs far more than using one: one per (locale, currency), kept. */
const currencyFormats = new Map<string, Intl.NumberFormat>();

function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}\u0000${currency}`;
  let format = currencyFormats.get(key);
  if (!format) {
    const digits = minorUnitDigits(currency);
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    currencyFormats.set(key, format);
  }
  return format;
}

/** Localised display of a minor-unit amount, e.g. 125000 EUR in de-DE → "1.250,00 €"; every ISO digit shown. */
export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  const format = currencyFormat(locale, currency);
  // Intl.NumberFormat accepts an exact decimal string (ECMA-402 NumberFormat v3), which keeps
  // large amounts exact.
  return format.format(minorToDecimalString(amount, currency) as unknown as number);
}

export const currencySchema = z
  .string()
  .max(3, { error: 'must be a three-letter ISO 4217 code in upper case, e.g. EUR', abort: true })
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code in upper case, e.g. EUR')
  .refine(isKnownCurrency, 'is not a known ISO 4217 currency');

/** A positive amount of minor units as a request gives it (a payment, a credit note, a dispute's credit). */
export const minorUnitsSchema = z
  .number(typeError('must be a number of minor units'))
  .int('must be an integer number of minor units (e.g. cents)')
  .positive('must be greater than zero')
  .max(Number.MAX_SAFE_INTEGER, 'is too large');
