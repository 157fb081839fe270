import * as z from 'zod';
import { invoiceTaskSchema } from '../_shared/workflow-task.js';
import { applyFinalAction } from '../../shared/escalation/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { withObservability } from '../_shared/middleware.js';

const finalActionTaskSchema = invoiceTaskSchema.extend({ action: z.enum(['write-off', 'agency', 'credit-hold']) });

/** Workflow task: the grace period ended unpaid; write off or hand over to an agency. */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'noticeLedger' | 'customers' | 'clock'>) =>
  withObservability<unknown, { outcome: string }>().handler(async (event) => {
    const { tenantId, invoiceNumber, action } = finalActionTaskSchema.parse(event);
    return applyFinalAction(deps, tenantId, invoiceNumber, action);
  });

export const handler = createHandler(collectionDeps());
