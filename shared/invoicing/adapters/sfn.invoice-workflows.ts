import { ExecutionAlreadyExists, ExecutionDoesNotExist, StartExecutionCommand, StopExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { executionName } from '../execution-name.js';
import type { Invoice } from '../invoice.js';
import type { InvoiceWorkflows } from '../workflow.port.js';

type WorkflowKey = Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'revision'>;

export class SfnInvoiceWorkflows implements InvoiceWorkflows {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(invoice: WorkflowKey): Promise<{ executionName: string }> {
    const name = executionName(invoice.tenantId, invoice.invoiceNumber, invoice.revision);
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name,
          input: JSON.stringify({ tenantId: invoice.tenantId, invoiceNumber: invoice.invoiceNumber }),
        }),
      );
    } catch (error) {
      // The deterministic name makes a repeated start land here: the workflow exists, which is what we want.
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
    return { executionName: name };
  }

  async stop(invoice: WorkflowKey, reason: string): Promise<void> {
    const name = executionName(invoice.tenantId, invoice.invoiceNumber, invoice.revision);
    try {
      await this.sfn.send(new StopExecutionCommand({ executionArn: this.executionArn(name), cause: reason }));
    } catch (error) {
      if (!(error instanceof ExecutionDoesNotExist)) throw error;
    }
  }

  private executionArn(name: string): string {
    // arn:aws:states:<region>:<account>:stateMachine:<machine> → …:execution:<machine>:<name>
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }
}
