import { invoiceTaskSchema } from '../_shared/workflow-task.js';
import { planNextStep, type WorkflowStep } from '../../shared/reminders/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { withObservability } from '../_shared/middleware.js';

/** Workflow task: the invoice's next step under its current policy (a reminder, an escalation, the grace period's end, or done). */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'noticeLedger' | 'paymentPlans' | 'policies' | 'customers' | 'contactDays' | 'clock' | 'noticeSpreadMinutes'>) =>
  withObservability<unknown, WorkflowStep>().handler(async (event) => {
    const { tenantId, invoiceNumber } = invoiceTaskSchema.parse(event);
    return planNextStep(deps, tenantId, invoiceNumber);
  });

export const handler = createHandler(collectionDeps());
