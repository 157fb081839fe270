/** The rejects file: one row per bad input row, with its line number, why, and the row as it was sent. */
export const rejectsHeader = 'line,reason,row\n';

export function rejectLine(line: number, reason: string, raw: string): string {
  return `${line},${csvField(reason)},${csvField(raw)}\n`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
