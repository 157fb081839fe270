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

/**
 * Every reason a request can contradict what is stored. A closed list, so that the edge maps each code
 * to a status once (functions/_shared/http.ts) and a new code cannot go unmapped.
 */
export const conflictCodes = [
  'all_contacts_suppressed',
  'already_disputed',
  'concurrent_update',
  'credit_note_fully_applied',
  'credit_note_number_reused',
  'dispute_resolved',
  'escalation_in_progress',
  'invoice_disputed',
  'invoice_not_open',
  'invoice_not_paused',
  'invoice_number_reused',
  'invoice_paid',
  'payment_fully_applied',
  'payment_id_reused',
  'payment_plan_exists',
  'payment_reference_taken',
  'policy_version_conflict',
  'snapshot_superseded',
  'snapshot_too_large',
  'source_version_reused',
  'statement_in_progress',
  'task_closed',
] as const;
export type ConflictCode = (typeof conflictCodes)[number];

/** The request contradicts what is stored (e.g. an invoice number reused with other content). */
export class ConflictError extends ArflowError {
  constructor(code: ConflictCode, message: string) {
    super(code, message);
  }
}

export class UnauthorizedError extends ArflowError {
  constructor(message = 'A valid API key is required: Authorization: Bearer <api key>') {
    super('unauthorized', message);
  }
}
