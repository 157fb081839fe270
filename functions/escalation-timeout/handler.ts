import { invoiceTaskSchema } from '../_shared/workflow-task.js';
import { applyEscalationTimeout } from '../../shared/escalation/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { withObservability } from '../_shared/middleware.js';

/** Workflow task (the approval's timeout Catch): applies the policy's timeout action to a still-pending escalation. */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'escalations' | 'policies' | 'customers' | 'clock'>) =>
  withObservability<unknown, { outcome: string }>().handler(async (event) => {
    const { tenantId, invoiceNumber } = invoiceTaskSchema.parse(event);
    return applyEscalationTimeout(deps, tenantId, invoiceNumber);
  });

export const handler = createHandler(collectionDeps());
