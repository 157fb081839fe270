import { ArflowError } from '../kernel/index.js';

export const statementFormatCodes = ['not_xml', 'truncated', 'unsupported_message', 'no_statement', 'too_large'] as const;
export type StatementFormatCode = (typeof statementFormatCodes)[number];

/** A file that cannot be read as a camt statement at all: nothing of it is applied. */
export class StatementFormatError extends ArflowError {
  constructor(
    readonly reason: StatementFormatCode,
    message: string,
    readonly line: number | undefined,
  ) {
    super('invalid_statement', message);
  }
}
