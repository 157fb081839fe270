import type { InvoicingDeps } from './deps.js';

/** The last stop of a workflow whose task kept failing: the invoice shows it, nobody is left guessing. */
export async function markWorkflowFailed(
  deps: Pick<InvoicingDeps, 'invoices' | 'clock'>,
  tenantId: string,
  invoiceNumber: string,
  failure: { error: string; cause: string },
): Promise<void> {
  const at = deps.clock.now().toISOString();
  await deps.invoices.markFailed(tenantId, invoiceNumber, { at, ...failure }, {
    type: 'workflow.failed',
    at,
    key: `workflow.failed:${at}`,
    detail: failure,
  });
}
