import { invoiceTaskSchema } from '../_shared/workflow-task.js';
import { sendReminder, type SendOutcome } from '../../shared/reminders/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { metrics } from '../../shared/kernel/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { withObservability } from '../_shared/middleware.js';
import * as z from 'zod';

const sendReminderTaskSchema = invoiceTaskSchema.extend({ stage: z.string().min(1) });

/** Workflow task: sends one reminder, at most once, and only for an invoice still open. */
export const createHandler = (deps: CollectionDeps) =>
  withObservability<unknown, SendOutcome>({ metrics: true }).handler(async (event) => {
    const { tenantId, invoiceNumber, stage } = sendReminderTaskSchema.parse(event);
    const result = await sendReminder(deps, tenantId, invoiceNumber, stage);
    metrics.addMetric(result.outcome === 'sent' ? 'RemindersSent' : 'RemindersSkipped', 'Count', 1);
    return result;
  });

export const handler = createHandler(collectionDeps());
