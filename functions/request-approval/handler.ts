import * as z from 'zod';
import { invoiceTaskSchema } from '../_shared/workflow-task.js';
import { requestApproval } from '../../shared/escalation/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { withObservability } from '../_shared/middleware.js';

const approvalTaskSchema = invoiceTaskSchema.extend({ taskToken: z.string().min(1), timeoutSeconds: z.number().int().positive() });

/** Workflow task (`lambda:invoke.waitForTaskToken`): opens the escalation and emails the approvers their links. */
export const createHandler = (deps: CollectionDeps) =>
  withObservability<unknown, void>().handler(async (event) => {
    const { tenantId, invoiceNumber, taskToken, timeoutSeconds } = approvalTaskSchema.parse(event);
    await requestApproval(deps, tenantId, invoiceNumber, taskToken, timeoutSeconds);
  });

export const handler = createHandler(collectionDeps());
