import { setTimeout as sleep } from 'node:timers/promises';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { withoutKeys } from '../../shared/kernel/index.js';
import { invoiceItemSchema } from '../../shared/invoicing/index.js';
import { logger } from '../../shared/kernel/index.js';
import { readEnvironment } from '../../shared/kernel/index.js';
import { RateLimiter } from '../../shared/imports/index.js';
import type { Invoice } from '../../shared/invoicing/index.js';
import { startNewInvoiceWorkflows, type StarterDeps } from '../../shared/imports/index.js';
import { isWorkflowStartRequest } from '../../wiring/workflow-starter.js';
import { collectionDeps } from '../_shared/deps.js';
import { withObservability } from '../_shared/middleware.js';

/**
 * The table's stream (inserts of open invoices) → one workflow per newly stored invoice, paced by
 * `pace` (StartExecution's quota). A start that fails is reported as a batch item failure, so the
 * stream delivers that record and what follows it again; records before it are done.
 */
export const createHandler = (deps: StarterDeps, pace: { acquire(): Promise<void> }) =>
  withObservability<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (event) => {
    const stored: { invoice: Invoice; sequenceNumber: string }[] = [];
    for (const record of event.Records) {
      const sequenceNumber = record.dynamodb?.SequenceNumber;
      const image = record.dynamodb?.NewImage;
      if (!isWorkflowStartRequest(record) || !sequenceNumber || !image) continue;
      // aws-lambda's and the SDK's typings of the same wire format differ; the parse below checks what it holds.
      const parsed = invoiceItemSchema.safeParse(withoutKeys(unmarshall(image as Record<string, AttributeValue>)));
      // Not an invoice we can read: a retry would never succeed, so it is logged for a person.
      if (!parsed.success) logger.error('Stream record is not a readable invoice; no workflow started', { sequenceNumber, issues: parsed.error.issues });
      else stored.push({ invoice: parsed.data, sequenceNumber });
    }
    const failure = await startNewInvoiceWorkflows(deps, stored.map((item) => item.invoice), pace);
    if (failure === undefined) return { batchItemFailures: [] };
    const failed = stored[failure.position]!;
    logger.warn('Starting a workflow failed; the stream delivers the record again', { error: failure.error, invoiceNumber: failed.invoice.invoiceNumber, sequenceNumber: failed.sequenceNumber });
    return { batchItemFailures: [{ itemIdentifier: failed.sequenceNumber }] };
  });

/** One token bucket per warm instance (WORKFLOW_STARTS_PER_SECOND): the pace holds across the batches it handles. */
export function starterPace(perSecond = readEnvironment().WORKFLOW_STARTS_PER_SECOND): RateLimiter {
  return new RateLimiter(perSecond, { now: () => Date.now(), sleep: (ms) => sleep(ms) });
}

export const handler = createHandler(collectionDeps(), starterPace());
