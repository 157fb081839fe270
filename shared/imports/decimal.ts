/**
 * A decimal amount as written in a file ("1,250.00", "55.94", "1.250,00") to integer minor units,
 * exactly: the digits are moved, never multiplied as a float (0.07 * 100 is 7.000000000000001).
 * More fraction digits than the currency has (ISO 4217) are an error unless they are zeros.
 */
export type DecimalParse = { ok: true; minor: number } | { ok: false; reason: string };

export function decimalToMinorUnits(text: string, digits: number, separators: { decimal: '.' | ','; thousands?: ',' | '.' | ' ' | "'" } = { decimal: '.' }): DecimalParse {
  let value = text.trim();
  if (separators.thousands !== undefined) value = value.split(separators.thousands).join('');
  const pattern = separators.decimal === '.' ? /^([+-]?)(\d+)(?:\.(\d*))?$/ : /^([+-]?)(\d+)(?:,(\d*))?$/;
  const match = pattern.exec(value);
  if (!match) return { ok: false, reason: `'${text}' is not a decimal amount (e.g. 1250${separators.decimal}00)` };
  const [, sign = '', whole = '', fraction = ''] = match;
  const extra = fraction.slice(digits);
  if (/[^0]/.test(extra)) return { ok: false, reason: `'${text}' has more than ${digits} decimal place(s), the currency's minor unit` };
  const minorText = `${whole}${fraction.slice(0, digits).padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  const minor = Number(minorText);
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: `'${text}' is too large` };
  return { ok: true, minor: sign === '-' && minor !== 0 ? -minor : minor };
}
