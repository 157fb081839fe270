/**
 * The domain's expected failures. Each has a stable machine-readable `code`; only the edge
 * (functions/_shared/http.ts) maps them to HTTP statuses.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export class ArflowError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule; `issues` name each field and why. */
export class ValidationError extends ArflowError {
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super('validation_failed', message);
  }
}

export class NotFoundError extends ArflowError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** The request contradicts what is stored (e.g. an invoice number reused with other content). */
export class ConflictError extends ArflowError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

export class UnauthorizedError extends ArflowError {
  constructor(message = 'A valid API key is required: Authorization: Bearer <api key>') {
    super('unauthorized', message);
  }
}
