import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { importJobId, type ImportFiles } from '../../shared/imports/index.js';
import { importStatement, statementReport, suggestionsOfPayments, type CashApplicationDeps } from '../../shared/cash-application/index.js';
import { HttpError, json, MAX_BODY_BYTES } from '../_shared/http.js';

/** Where a statement posted to the API is recorded as if dropped (its key names the tenant and the content). */
const API_BUCKET = 'api';
const statementIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'must be a statement id as POST /bank-statements returned it');
/** Time kept back from the Lambda's remaining time to answer. */
const ANSWER_MARGIN_MS = 3000;

/**
 * POST /bank-statements: a camt.053/054 document as the body (application/xml, at most 1 MiB; larger
 * statements go to the bucket). Applied at once, with the statement's report as the answer; a statement
 * that does not finish in the request's time answers 202, and posting it again resumes it.
 */
export async function postBankStatement(deps: Omit<CashApplicationDeps, 'files'>, tenantId: string, event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'>, remainingMs: number): Promise<APIGatewayProxyStructuredResultV2> {
  const contentType = event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '';
  if (!/^(application|text)\/xml\b/i.test(contentType)) throw new HttpError(415, 'unsupported_media_type', `Content-Type must be application/xml, not ${contentType || 'absent'}`);
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : Buffer.from(event.body ?? '', 'utf8');
  if (body.byteLength > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large', `The statement is larger than ${MAX_BODY_BYTES} bytes; drop it under incoming/${tenantId}/bank-statements/ in the bucket instead`);
  if (body.byteLength === 0) throw new HttpError(400, 'empty_body', 'The request body is empty; send a camt.053 or camt.054 document');
  const etag = createHash('md5').update(body).digest('hex');
  const key = `incoming/${tenantId}/bank-statements/api/${etag}.xml`;
  const files: ImportFiles = {
    open: () => Promise.resolve(Readable.from([body])),
    head: () => Promise.resolve({ etag, size: body.byteLength }),
    getText: () => Promise.resolve(undefined),
    put: () => Promise.resolve(),
    delete: () => Promise.resolve(),
  };
  const now = deps.timer.now();
  const result = await importStatement({ ...deps, files }, { bucket: API_BUCKET, key, etag, size: body.byteLength }, { deadline: now + remainingMs - ANSWER_MARGIN_MS, token: `api:${now}:${Math.random()}` });
  const statementId = importJobId(API_BUCKET, key, etag);
  if (result.outcome === 'ignored') throw new HttpError(422, 'invalid_statement', result.reason);
  if (result.outcome === 'finished-before') {
    // The same statement posted again: nothing is applied twice; the answer is the first report.
    const job = await deps.jobs.get(tenantId, statementId);
    if (job) return json(200, { statementId, duplicate: true, report: statementReport(job, []) });
  }
  if (!('report' in result)) return json(202, { statementId, status: 'running', message: 'The statement is still being applied; GET /bank-statements/{id} shows its progress, and posting it again resumes it' });
  if (result.outcome === 'failed') return json(422, { error: { code: 'invalid_statement', message: result.report.error?.message ?? 'The statement cannot be read' }, statementId, report: result.report });
  return json(200, { statementId, report: result.report });
}

/** GET /bank-statements/{statementId}: the statement's report (a drop's id is in its reports/… file). */
export async function getBankStatement(deps: Pick<CashApplicationDeps, 'jobs'>, tenantId: string, id: string | undefined): Promise<APIGatewayProxyStructuredResultV2> {
  const statementId = statementIdSchema.safeParse(id);
  if (!statementId.success) throw new HttpError(404, 'not_found', 'No such bank statement');
  const job = await deps.jobs.get(tenantId, statementId.data);
  if (!job || job.kind !== 'bank-statements') throw new HttpError(404, 'not_found', 'No such bank statement');
  return json(200, { statementId: job.jobId, report: statementReport(job, []) });
}

/** The bank details and suggested matches of unapplied payments that came from a statement (GET /payments/unapplied). */
export async function withBankDetails<T extends { paymentId: string }>(deps: Pick<CashApplicationDeps, 'ledger'>, tenantId: string, payments: T[]): Promise<(T & { bankTransaction?: unknown })[]> {
  const details = await suggestionsOfPayments(deps.ledger, tenantId, payments.map((payment) => payment.paymentId));
  return payments.map((payment) => {
    const detail = details.get(payment.paymentId);
    return detail ? { ...payment, bankTransaction: detail } : payment;
  });
}
