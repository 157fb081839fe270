import * as z from 'zod';
import { invoiceTaskSchema } from '../_shared/workflow-task.js';
import { markWorkflowFailed } from '../../shared/invoicing/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { logger } from '../../shared/kernel/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { withObservability } from '../_shared/middleware.js';

/** What a Catch passes on: Step Functions' { Error, Cause }. */
const failedTaskSchema = invoiceTaskSchema.extend({
  failure: z.object({ Error: z.string().default('Unknown'), Cause: z.string().default('') }).default({ Error: 'Unknown', Cause: '' }),
});

/** Workflow task: the invoice's workflow gave up; mark the invoice so a person sees it. */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'clock'>) =>
  withObservability<unknown, void>().handler(async (event) => {
    const { tenantId, invoiceNumber, failure } = failedTaskSchema.parse(event);
    logger.error('Invoice workflow failed', { tenantId, invoiceNumber, failure });
    await markWorkflowFailed(deps, tenantId, invoiceNumber, { error: failure.Error, cause: failure.Cause.slice(0, 2000) });
  });

export const handler = createHandler(collectionDeps());
