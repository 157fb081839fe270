/** Money is an integer amount of minor units plus an ISO 4217 currency code. Never a float. */
const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

export function isKnownCurrency(code: string): boolean {
  return knownCurrencies.has(code);
}

/** Number of minor-unit digits of a currency (EUR 2, JPY 0, BHD 3), per ICU's ISO 4217 data. */
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "125000" EUR → "1250.00": exact decimal string, no floating point. */
export function minorToDecimalString(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount).toString().padStart(digits + 1, '0');
  if (digits === 0) return sign + abs;
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** Localised display of a minor-unit amount, e.g. 125000 EUR in de-DE → "1.250,00 €". */
export function formatMoney(amount: number, currency: string, locale = 'en-US'): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  // Intl.NumberFormat accepts an exact decimal string (ECMA-402 NumberFormat v3), which keeps
  // large amounts exact.
  return format.format(minorToDecimalString(amount, currency) as unknown as number);
}
