import { createWriteStream, mkdirSync } from 'node:fs';
import { Console } from 'node:console';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ImportResult } from '../shared/imports/index.js';

/** One line a person at `npm start`'s terminal should read (an import finished, the clock moved). */
export type Activity = (line: string) => void;

/**
 * `npm start`'s handler logs go to a file; an error also prints one line to the terminal, pointing there.
 * Powertools builds its Console over process.stdout/stderr (where Lambda collects logs) and has no option
 * for another destination, so the local front door swaps that Console for one over the file.
 */
export function sendHandlerLogsToFile(logger: Logger, file: string, terminal: NodeJS.WritableStream = process.stderr): { close(): Promise<void> } {
  mkdirSync(dirname(file), { recursive: true });
  const log = createWriteStream(file, { flags: 'a' });
  const errors = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      log.write(chunk);
      const line = errorLine(chunk.toString('utf8'));
      if (line) terminal.write(`${line} (details in ${file})\n`);
      callback();
    },
  });
  (logger as unknown as { console: Console }).console = new Console({ stdout: log, stderr: errors });
  return { close: () => new Promise<void>((resolve) => log.end(resolve)) };
}

/** "handler error: <function>: <message>" for an ERROR record; warnings stay in the file. */
function errorLine(text: string): string | undefined {
  try {
    const record = JSON.parse(text) as { level?: string; message?: string; function_name?: string; error?: { message?: string } };
    if (record.level !== 'ERROR' && record.level !== 'CRITICAL') return undefined;
    const where = record.function_name?.replace(/^arflow-local-/, '') ?? 'handler';
    return `error in ${where}: ${record.message ?? ''}${record.error?.message ? ` — ${record.error.message}` : ''}`;
  } catch {
    return text.trim() ? `handler error: ${text.trim().slice(0, 200)}` : undefined;
  }
}

/** One line per finished import (the import function's answer), nothing for a step that hands on. */
export function importSummary(result: unknown): string | undefined {
  // The import function answers { results } (bank statements' reports extend the import report).
  const results = (result as { results?: ImportResult[] } | null)?.results ?? [];
  const lines = results.flatMap((item) => {
    if (!('report' in item)) return [];
    const report = item.report;
    const n = (value: number) => value.toLocaleString('en-US');
    const counts = `${n(report.counts.read)} read, ${n(report.counts.imported)} imported, ${n(report.counts.unchanged)} unchanged, ${n(report.counts.rejected)} rejected`;
    return [`import ${item.outcome === 'duplicate' ? 'duplicate' : report.status}: ${report.source.key} — ${counts} (${(report.timings.processingMs / 1000).toFixed(1)} s)`];
  });
  return lines.length > 0 ? lines.join('\n') : undefined;
}
