import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '../../shared/kernel/index.js';
import { importPrefixes } from '../../shared/imports/index.js';
import { importDroppedFile, parseIncomingKey, type ImportDeps, type ImportResult } from '../../shared/imports/index.js';
import { importStatement, type CashApplicationDeps, type StatementResult } from '../../shared/cash-application/index.js';
import { cashApplicationDeps } from '../_shared/cash-deps.js';
import { importDeps } from '../_shared/import-deps.js';
import { withObservability } from '../_shared/middleware.js';

/** The part of an S3 event notification this function reads. */
const s3EventSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      eventTime: z.string().optional(),
      s3: z.object({
        bucket: z.object({ name: z.string().min(1) }),
        object: z.object({ key: z.string().min(1), size: z.number().int().nonnegative().optional(), eTag: z.string().optional() }),
      }),
    }),
  ),
});

/** What an import that ran short of time writes under control/continue/ for the next invocation. */
const continuationSchema = z.object({
  bucket: z.string().min(1),
  key: z.string().min(1),
  etag: z.string().min(1),
  size: z.number().int().nonnegative(),
  eventTime: z.string().optional(),
});

/**
 * S3 ObjectCreated under incoming/ (a drop) or control/continue/ (an import handing itself on): reads
 * the file from where its checkpoint says and imports it. An outage fails the invocation, and Lambda's
 * asynchronous retries resume from the checkpoint; a bad file is reported, never retried.
 */
export const createHandler = (deps: ImportDeps, cash: CashApplicationDeps = { ...cashApplicationDeps(deps), files: deps.files }) =>
  withObservability<unknown, { results: (ImportResult | StatementResult)[] }>().handler(async (rawEvent, context: Context) => {
    const event = s3EventSchema.parse(rawEvent);
    const results: (ImportResult | StatementResult)[] = [];
    for (const [index, record] of event.Records.entries()) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      // S3 URL-encodes keys in events, with '+' for spaces.
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const bucket = record.s3.bucket.name;
      let target: { bucket: string; key: string; etag?: string; size?: number; eventTime?: string };
      if (key.startsWith(importPrefixes.continuation)) {
        const text = await deps.files.getText(bucket, key);
        const parsed = continuationSchema.safeParse(text === undefined ? undefined : JSON.parse(text));
        if (!parsed.success) {
          logger.warn('Ignoring an unreadable continuation', { key });
          continue;
        }
        target = parsed.data;
      } else {
        target = { bucket, key, ...(record.s3.object.eTag ? { etag: record.s3.object.eTag } : {}), ...(record.s3.object.size === undefined ? {} : { size: record.s3.object.size }), ...(record.eventTime ? { eventTime: record.eventTime } : {}) };
      }
      const deadline = deps.timer.now() + context.getRemainingTimeInMillis();
      const invocation = { deadline, token: `${context.awsRequestId}:${index}` };
      // Bank statements (incoming/<tenant>/bank-statements/) are the cash-application module's; the rest are profile-read files.
      const dropped = parseIncomingKey(target.key);
      const result = 'kind' in dropped && dropped.kind === 'bank-statements' ? await importStatement(cash, target, invocation) : await importDroppedFile(deps, target, invocation);
      logger.info('Import step finished', { key: target.key, ...summary(result) });
      results.push(result);
    }
    return { results };
  });

function summary(result: ImportResult | StatementResult): Record<string, unknown> {
  return 'report' in result ? { outcome: result.outcome, counts: result.report.counts, error: result.report.error } : { ...result };
}

export const handler = createHandler(importDeps());
