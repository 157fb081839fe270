import { executionName } from '../../../shared/invoicing/index.js';
import type { Invoice } from '../../../shared/invoicing/index.js';
import type { InvoiceWorkflows } from '../../../shared/invoicing/index.js';

type WorkflowKey = Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'revision'>;

/**
 * Records starts and stops like Step Functions would see them: executions are named deterministically,
 * starting an existing execution is success (no second execution), stopping a missing one is success.
 */
export class FakeWorkflows implements InvoiceWorkflows {
  readonly starts: { executionName: string; invoiceNumber: string; revision: number }[] = [];
  readonly stops: { executionName: string; reason: string }[] = [];
  /** Execution name → status. */
  readonly executions = new Map<string, 'running' | 'stopped'>();

  async start(invoice: WorkflowKey): Promise<{ executionName: string }> {
    const name = executionName(invoice.tenantId, invoice.invoiceNumber, invoice.revision);
    this.starts.push({ executionName: name, invoiceNumber: invoice.invoiceNumber, revision: invoice.revision });
    if (!this.executions.has(name)) this.executions.set(name, 'running');
    return { executionName: name };
  }

  async stop(invoice: WorkflowKey, reason: string): Promise<void> {
    const name = executionName(invoice.tenantId, invoice.invoiceNumber, invoice.revision);
    this.stops.push({ executionName: name, reason });
    if (this.executions.get(name) === 'running') this.executions.set(name, 'stopped');
  }
}
