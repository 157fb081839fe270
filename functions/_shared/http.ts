import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import type { ZodType } from 'zod';
import { ArflowError, UnauthorizedError, ValidationError, type ConflictCode, type FieldIssue } from '../../shared/kernel/index.js';
import { fieldIssues } from '../../shared/kernel/index.js';
import { principalOfContext, type Principal } from '../../shared/identity/index.js';

/** Requests larger than this are refused before parsing (a 500-invoice batch is ~300 KB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** An error that only the edge knows: it already carries its HTTP status. */
export class HttpError extends ArflowError {
  constructor(
    readonly statusCode: number,
    code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(code, message);
  }
}

export function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

/** The body as JSON: 413 when too large, 415 when not JSON, 400 when it does not parse. */
export function jsonBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'>): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new HttpError(413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes; split it into batches of at most 500 items`);
  }
  const contentType = event.headers?.['content-type'] ?? event.headers?.['Content-Type'];
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new HttpError(415, 'unsupported_media_type', `Content-Type must be application/json, not ${contentType}`);
  }
  if (text.trim() === '') throw new HttpError(400, 'invalid_json', 'The request body is empty; send a JSON object');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Validates with a zod schema; a failure names every field and why. */
export function parseWith<T>(schema: ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`The ${what} is invalid`, fieldIssues(result.error));
  return result.data;
}

export function errorBody(error: ArflowError): { error: { code: string; message: string; issues?: FieldIssue[] } } {
  const issues = error instanceof ValidationError || error instanceof HttpError ? error.issues : [];
  return { error: { code: error.code, message: error.message, ...(issues.length > 0 ? { issues } : {}) } };
}

/**
 * The one mapping of the domain's error codes to HTTP statuses, used by every handler (through
 * errorResponse) and every batch item (through batchItemFailure). Typed as a total record: a new
 * conflict code does not compile until it is mapped here.
 */
const statusOfCode: Record<'validation_failed' | 'not_found' | 'unauthorized' | ConflictCode, number> = {
  validation_failed: 422,
  not_found: 404,
  unauthorized: 401,
  all_contacts_suppressed: 409,
  already_disputed: 409,
  concurrent_update: 409,
  credit_note_fully_applied: 409,
  credit_note_number_reused: 409,
  dispute_resolved: 409,
  escalation_in_progress: 409,
  invoice_disputed: 409,
  invoice_not_open: 409,
  invoice_not_paused: 409,
  snapshot_superseded: 409,
  snapshot_too_large: 409,
  invoice_number_reused: 409,
  invoice_paid: 409,
  payment_fully_applied: 409,
  payment_id_reused: 409,
  payment_plan_exists: 409,
  payment_reference_taken: 409,
  policy_version_conflict: 409,
  source_version_reused: 409,
  statement_in_progress: 409,
  task_closed: 409,
};

/** The status of an expected failure; undefined for anything else (a bug or an outage). */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof HttpError) return error.statusCode;
  if (error instanceof ArflowError && Object.hasOwn(statusOfCode, error.code)) return statusOfCode[error.code as keyof typeof statusOfCode];
  return undefined;
}

/** Maps the domain's expected failures to HTTP; anything else is a 500 that says nothing internal. */
export function errorResponse(error: unknown): APIGatewayProxyStructuredResultV2 {
  const status = statusOf(error);
  if (status !== undefined && error instanceof ArflowError) return json(status, errorBody(error));
  return json(500, { error: { code: 'internal_error', message: 'Something went wrong on our side; the request can be retried safely' } });
}

/** A batch item's outcome name for the status the same request alone would get. */
const batchOutcomeOfStatus: Record<number, string> = { 422: 'invalid', 404: 'not_found', 409: 'conflict' };

/**
 * One refused item of a batch, with the status and body the same request alone would get. An
 * unexpected failure (no status) is a 503 for that item only, so the client retries just that one;
 * `retryMessage` says what was not done.
 */
export function batchItemFailure(error: unknown, retryMessage: string) {
  const status = statusOf(error);
  if (status === undefined || !(error instanceof ArflowError)) {
    return { status: 503, outcome: 'error', error: { code: 'temporarily_unavailable', message: retryMessage } };
  }
  return { status, outcome: batchOutcomeOfStatus[status] ?? 'error', ...errorBody(error) };
}

type AuthorizedEvent = { requestContext: { authorizer?: { lambda?: Record<string, unknown> } } };

/**
 * The source of a change made through the API: the signed-in person (`via: 'user'`), or the label of
 * the API key (`via: 'api'`), as the authorizer resolved them (docs/access.md).
 */
export function apiSourceOf(event: AuthorizedEvent): { via: 'api'; apiKey: string } | { via: 'user'; user: string } {
  const principal = principalOfContext(event.requestContext.authorizer?.lambda);
  if (principal?.kind === 'user') return { via: 'user', user: principal.actor };
  return { via: 'api', apiKey: principal && principal.actor !== '' ? principal.actor : 'unlabelled API key' };
}

/** The tenant that the authorizer resolved from the API key or the person's token. */
export function tenantOf(event: AuthorizedEvent): string {
  const principal = principalOfContext(event.requestContext.authorizer?.lambda);
  if (principal === undefined) throw new UnauthorizedError();
  return principal.tenantId;
}

/** Who is calling (tenant, actor, role, scopes); 401 on a route without a principal. */
export function principalOf(event: AuthorizedEvent): Principal {
  const principal = principalOfContext(event.requestContext.authorizer?.lambda);
  if (principal === undefined) throw new UnauthorizedError();
  return principal;
}

const idempotencyKeySchema = z.string().regex(/^[\w.:-]{1,100}$/).optional();

/** The request's Idempotency-Key header, if it sent one; a malformed one is a 422 on `Idempotency-Key`. */
export function idempotencyKeyOf(event: Pick<APIGatewayProxyEventV2, 'headers'>): string | undefined {
  const key = idempotencyKeySchema.safeParse(event.headers?.['idempotency-key']);
  if (!key.success) throw new ValidationError('The Idempotency-Key header is invalid', [{ path: 'Idempotency-Key', message: 'must be 1-100 letters, digits or - _ . :' }]);
  return key.data;
}
