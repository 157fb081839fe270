import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import { FileFormatError } from './file-format-error.js';
import type { SourceRecord } from './row-mapper.js';

/** One row as read: its first line number, the fields, the original text, and the byte offset after it. */
export interface SourceRow {
  line: number;
  record: SourceRecord;
  raw: string;
  /** Byte offset in the file just after this row: where a resumed read starts. */
  endOffset: number;
  /** Why the row cannot even be mapped (wrong field count, invalid JSON). */
  problem?: string;
}

export interface ReadPosition {
  /** Bytes of the file already consumed (0 for a fresh read). */
  offset: number;
  /** Line number of the first line at `offset`. */
  line: number;
  /** The CSV header, known when resuming after it. */
  header?: string[];
}

export type ReadEvent = { type: 'header'; columns: string[]; endOffset: number; line: number } | ({ type: 'row' } & SourceRow);

/**
 * Reads a CSV or JSON Lines stream row by row, never holding more than a row and the parser's buffer:
 * a 100,000-row file costs the same memory as a 10-row one. Starts at `position`, so an import that
 * stopped (a crash, or its time running out) resumes at the exact byte after the last row it finished.
 */
export async function* readRecords(source: Readable, options: { format: 'csv' | 'jsonl'; delimiter: string; position: ReadPosition }): AsyncGenerator<ReadEvent> {
  const text = source.pipe(utf8Guard(options.position.offset));
  source.on('error', (error) => text.destroy(error));
  if (options.format === 'jsonl') yield* readJsonLines(text, options.position);
  else yield* readCsv(text, options.delimiter, options.position);
}

async function* readCsv(text: Readable, delimiter: string, position: ReadPosition): AsyncGenerator<ReadEvent> {
  const parser = parse({ bom: position.offset === 0, delimiter, info: true, raw: true, relax_column_count: true, skip_empty_lines: false });
  text.on('error', (error) => parser.destroy(error));
  text.pipe(parser);
  let header = position.header;
  let line = position.line;
  try {
    for await (const { record, info, raw } of inOrder<{ record: string[]; info: { bytes: number }; raw: string }>(parser)) {
      const startLine = line;
      line += (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0) + 1;
      const endOffset = position.offset + info.bytes;
      if (record.length === 1 && record[0]!.trim() === '') continue; // a blank line
      if (header === undefined) {
        header = record.map((column) => column.trim());
        yield { type: 'header', columns: header, endOffset, line: startLine };
        continue;
      }
      const row: SourceRow = { line: startLine, record: Object.fromEntries(header.map((column, index) => [column, record[index]])), raw: raw.replace(/\r?\n$/, '').replace(/\r$/, ''), endOffset };
      if (record.length !== header.length) {
        row.problem = `has ${record.length} field(s) where the header has ${header.length}: a value may contain an unquoted '${delimiter}', or the row is cut off`;
      }
      yield { type: 'row', ...row };
    }
  } catch (error) {
    throw csvError(error, line);
  }
  if (header === undefined) throw new FileFormatError('empty', 'The file is empty: expected a header row and at least one row');
}

/**
 * The parser's records in order, then its error or end. A plain `for await` over the stream can see an
 * error (a file cut off inside quotes) before records parsed ahead of it, which would drop good rows.
 * Pauses the parser while records wait, so memory stays bounded.
 */
async function* inOrder<T>(parser: Readable): AsyncGenerator<T> {
  const queue: T[] = [];
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  parser.on('data', (record: T) => {
    queue.push(record);
    if (queue.length >= 500) parser.pause();
    notify();
  });
  parser.on('error', (error) => {
    failure = error;
    notify();
  });
  parser.on('end', () => {
    ended = true;
    notify();
  });
  for (;;) {
    if (queue.length > 0) {
      const next = queue.shift()!;
      if (queue.length < 100 && parser.isPaused()) parser.resume();
      yield next;
      continue;
    }
    if (failure !== undefined) throw failure;
    if (ended) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

function csvError(error: unknown, line: number): unknown {
  if (error instanceof FileFormatError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    return new FileFormatError('truncated', `The file ends inside a quoted field that starts at line ${line}: it looks truncated. Rows before line ${line} were read; re-send the complete file`, line);
  }
  if (typeof code === 'string' && code.startsWith('CSV_')) {
    return new FileFormatError('malformed_csv', `The CSV cannot be read from line ${line} on: ${(error as Error).message}. Rows before line ${line} were read; quote values that contain the delimiter, quotes or line breaks`, line);
  }
  return error;
}

async function* readJsonLines(text: Readable, position: ReadPosition): AsyncGenerator<ReadEvent> {
  let pending: Buffer = Buffer.alloc(0);
  let offset = position.offset;
  let line = position.line;
  const emit = (bytes: Buffer, terminated: boolean): ({ type: 'row' } & SourceRow) | undefined => {
    const startLine = line++;
    offset += bytes.length + (terminated ? 1 : 0);
    let content = bytes.toString('utf8').replace(/\r$/, '');
    if (startLine === 1) content = content.replace(/^\uFEFF/, '');
    if (content.trim() === '') return undefined;
    const row: { type: 'row' } & SourceRow = { type: 'row', line: startLine, record: {}, raw: content, endOffset: offset };
    try {
      const value: unknown = JSON.parse(content);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) row.problem = 'is not a JSON object';
      else row.record = value as SourceRecord;
    } catch (error) {
      row.problem = `is not valid JSON (${(error as Error).message})${terminated ? '' : '; it is the last line and has no line end: the file may be truncated'}`;
    }
    return row;
  };
  for await (const chunk of text as AsyncIterable<Buffer>) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let newline: number;
    while ((newline = pending.indexOf(0x0a)) !== -1) {
      const row = emit(pending.subarray(0, newline), true);
      pending = pending.subarray(newline + 1);
      if (row) yield row;
    }
  }
  if (pending.length > 0) {
    const row = emit(pending, false);
    if (row) yield row;
  }
}

/**
 * Passes bytes through, failing the read with a clear error at the first byte that is not UTF-8 text:
 * a zip, a spreadsheet or a gzip dropped by mistake is reported, not parsed into thousands of bad rows.
 */
function utf8Guard(startOffset: number): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let seen = startOffset;
  const notText = (detail: string) =>
    new FileFormatError('not_text', `The file is not UTF-8 text (${detail}): expected CSV or JSON Lines. Export it as UTF-8 CSV and drop it again`);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (seen === 0 && chunk[0] === 0x1f && chunk[1] === 0x8b) return callback(notText('it is gzip-compressed'));
      if (seen === 0 && chunk[0] === 0x50 && chunk[1] === 0x4b) return callback(notText('it is a zip archive, e.g. an .xlsx workbook'));
      const nul = chunk.indexOf(0);
      if (nul !== -1) return callback(notText(`binary data at byte ${seen + nul}`));
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return callback(notText(`invalid UTF-8 near byte ${seen}`));
      }
      seen += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      try {
        decoder.decode();
        callback();
      } catch {
        callback(notText('it ends inside a multi-byte character'));
      }
    },
  });
}
