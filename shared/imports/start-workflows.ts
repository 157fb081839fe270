import type { Invoice } from '../invoicing/index.js';
import type { ImportsDeps } from './deps.js';

export type StarterDeps = Pick<ImportsDeps, 'workflows' | 'invoices' | 'invoiceBatch' | 'clock'>;

/**
 * Starts the workflows of newly stored invoices (the table's stream, in order) and records each start
 * on the invoice's timeline. Each invoice is read again first (getMany: one BatchGetItem per 100): one paid,
 * closed, failed or re-planned (a newer revision, started by whoever moved it) since it was stored
 * gets no workflow from here. Safe to repeat: the execution name is deterministic per revision (a
 * second start is the same execution) and the event's key is per revision.
 *
 * Returns the position of the first invoice whose start failed and why (the caller has it delivered
 * again, with everything after it), or undefined when all are done.
 */
export async function startNewInvoiceWorkflows(deps: StarterDeps, stored: readonly Invoice[], pace: { acquire(): Promise<void> }): Promise<{ position: number; error: unknown } | undefined> {
  const current = new Map<string, Invoice>();
  for (const tenantId of new Set(stored.map((invoice) => invoice.tenantId))) {
    const numbers = stored.filter((invoice) => invoice.tenantId === tenantId).map((invoice) => invoice.invoiceNumber);
    for (const [number, invoice] of await deps.invoiceBatch.getMany(tenantId, numbers)) current.set(`${tenantId}\u0000${number}`, invoice);
  }
  for (const [position, invoice] of stored.entries()) {
    const now = current.get(`${invoice.tenantId}\u0000${invoice.invoiceNumber}`);
    if (!now || now.status !== 'open' || now.workflowError || now.revision !== invoice.revision) continue;
    try {
      await pace.acquire();
      const { executionName } = await deps.workflows.start(now);
      await deps.invoices.appendEvent(now.tenantId, now.invoiceNumber, {
        type: 'workflow.started',
        at: deps.clock.now().toISOString(),
        key: `workflow.started:r${now.revision}`,
        detail: { executionName },
      });
    } catch (error) {
      return { position, error };
    }
  }
  return undefined;
}
