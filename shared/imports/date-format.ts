/**
 * Calendar dates in the formats upstream exports use, e.g. `M/D/YYYY` (1/2/2013) or `DD.MM.YYYY`.
 * Tokens: YYYY, MM (two digits), M (one or two), DD, D; anything else must match literally. The result
 * is YYYY-MM-DD, and only for dates that exist: 2/30/2013 is rejected, not rolled into March.
 */
const tokenPattern = /YYYY|MM|M|DD|D/g;

export interface DateFormat {
  format: string;
  parse(value: string): string | undefined;
}

export function dateFormat(format: string): DateFormat {
  const order: ('year' | 'month' | 'day')[] = [];
  let source = '';
  let last = 0;
  for (const match of format.matchAll(tokenPattern)) {
    source += escapeRegExp(format.slice(last, match.index));
    const token = match[0];
    if (token === 'YYYY') source += '(\\d{4})';
    else source += token.length === 2 ? '(\\d{2})' : '(\\d{1,2})';
    order.push(token.startsWith('Y') ? 'year' : token.startsWith('M') ? 'month' : 'day');
    last = match.index + token.length;
  }
  source += escapeRegExp(format.slice(last));
  if (['year', 'month', 'day'].some((part) => order.filter((each) => each === part).length !== 1)) {
    throw new RangeError(`Date format ${format} must contain a year (YYYY), a month (M or MM) and a day (D or DD) once each`);
  }
  const pattern = new RegExp(`^${source}$`);
  return {
    format,
    parse(value) {
      const match = pattern.exec(value.trim());
      if (!match) return undefined;
      const parts = Object.fromEntries(order.map((part, index) => [part, Number(match[index + 1])])) as Record<'year' | 'month' | 'day', number>;
      if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > daysInMonth(parts.year, parts.month)) return undefined;
      return `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
    },
  };
}

export function isValidDateFormat(format: string): boolean {
  try {
    dateFormat(format);
    return true;
  } catch {
    return false;
  }
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one (UTC, so no zone can shift it).
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
