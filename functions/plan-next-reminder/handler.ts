import { invoiceTaskSchema } from '../_shared/workflow-task.js';
import { planInvoiceReminder, type WorkflowPlan } from '../../shared/use-cases/plan-next-reminder.js';
import type { CollectionDeps } from '../../shared/use-cases/deps.js';
import { collectionDeps } from '../_shared/deps.js';
import { withObservability } from '../_shared/middleware.js';

/** Workflow task: what to do next for this invoice (wait for a reminder's send time, or finish). */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'clock' | 'policy'>) =>
  withObservability<unknown, WorkflowPlan>().handler(async (event) => {
    const { tenantId, invoiceNumber } = invoiceTaskSchema.parse(event);
    return planInvoiceReminder(deps, tenantId, invoiceNumber);
  });

export const handler = createHandler(collectionDeps());
