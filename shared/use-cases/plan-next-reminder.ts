import { NotFoundError } from '../errors.js';
import { planNextReminder } from '../reminder-schedule.js';
import type { CollectionDeps } from './deps.js';

/** The workflow's view of a plan: plain JSON for the state machine (`sendAt` feeds a Wait state). */
export type WorkflowPlan = { action: 'done'; reason: string } | { action: 'wait'; stage: string; sendAt: string };

/** Decides the invoice's next reminder and records the decision on its timeline. */
export async function planInvoiceReminder(
  deps: Pick<CollectionDeps, 'invoices' | 'clock' | 'policy'>,
  tenantId: string,
  invoiceNumber: string,
): Promise<WorkflowPlan> {
  const invoice = await deps.invoices.get(tenantId, invoiceNumber);
  if (!invoice) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
  const now = deps.clock.now();
  const plan = planNextReminder(invoice, await deps.invoices.notices(tenantId, invoiceNumber), deps.policy, now);
  if (plan.action === 'done') return plan;

  if (plan.superseded.length > 0) {
    const reason = `superseded by ${plan.stage}: these stages fell due before the invoice could be reminded`;
    await deps.invoices.recordNoticesSkipped(tenantId, invoiceNumber, plan.superseded, reason, now);
    for (const stage of plan.superseded) {
      await deps.invoices.appendEvent(tenantId, invoiceNumber, { type: 'reminder.skipped', at: now.toISOString(), key: `reminder.skipped:${stage}`, detail: { stage, reason } });
    }
  }
  const sendAt = plan.sendAt.toISOString();
  await deps.invoices.appendEvent(tenantId, invoiceNumber, {
    type: 'reminder.scheduled',
    at: now.toISOString(),
    key: `reminder.scheduled:${plan.stage}:${sendAt}`,
    detail: { stage: plan.stage, sendAt },
  });
  return { action: 'wait', stage: plan.stage, sendAt };
}
