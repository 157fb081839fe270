import { ArflowError } from '../kernel/index.js';

/**
 * A file that cannot be read as rows at all from some point on: not text, cut off inside a quoted
 * field, broken quoting, a missing header column. Rows before `line` were read; nothing after it can be.
 */
export class FileFormatError extends ArflowError {
  constructor(
    code: 'not_text' | 'empty' | 'truncated' | 'malformed_csv' | 'missing_columns' | 'source_changed',
    message: string,
    readonly line?: number,
  ) {
    super(code, message);
  }
}
