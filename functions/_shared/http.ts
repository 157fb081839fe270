import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ZodType } from 'zod';
import { ArflowError, ConflictError, NotFoundError, UnauthorizedError, ValidationError, type FieldIssue } from '../../shared/errors.js';
import { fieldIssues } from '../../shared/validation.js';

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

/** Maps the domain's expected failures to HTTP; anything else is a 500 that says nothing internal. */
export function errorResponse(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (error instanceof HttpError) return json(error.statusCode, errorBody(error));
  if (error instanceof ValidationError) return json(422, errorBody(error));
  if (error instanceof NotFoundError) return json(404, errorBody(error));
  if (error instanceof ConflictError) return json(409, errorBody(error));
  if (error instanceof UnauthorizedError) return json(401, errorBody(error));
  return json(500, { error: { code: 'internal_error', message: 'Something went wrong on our side; the request can be retried safely' } });
}

/** The tenant that the authorizer resolved from the API key. */
export function tenantOf(event: { requestContext: { authorizer?: { lambda?: Record<string, unknown> } } }): string {
  const tenantId = event.requestContext.authorizer?.lambda?.['tenantId'];
  if (typeof tenantId !== 'string' || tenantId === '') throw new UnauthorizedError();
  return tenantId;
}
