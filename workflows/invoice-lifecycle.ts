import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The one definition both runtimes use: the CDK app deploys it, the local stack executes it. */
export const invoiceLifecycleDefinitionPath = fileURLToPath(new URL('./invoice-lifecycle.asl.json', import.meta.url));

/** The Lambda tasks the definition calls, by substitution variable, with the function folder that implements each. */
export const invoiceLifecycleTasks = {
  PlanNextStepFunctionArn: 'plan-next-step',
  SendReminderFunctionArn: 'send-reminder',
  RequestApprovalFunctionArn: 'request-approval',
  EscalationTimeoutFunctionArn: 'escalation-timeout',
  ApplyFinalActionFunctionArn: 'apply-final-action',
  MarkWorkflowFailedFunctionArn: 'mark-workflow-failed',
} as const;

export type InvoiceLifecycleTask = keyof typeof invoiceLifecycleTasks;

/** The execution input: which invoice this workflow collects. */
export interface InvoiceLifecycleInput {
  tenantId: string;
  invoiceNumber: string;
}

/** The ASL with its `${...}` substitutions filled in, as Step Functions would receive it. */
export function renderInvoiceLifecycleDefinition(substitutions: Record<InvoiceLifecycleTask, string>): string {
  const template = readFileSync(invoiceLifecycleDefinitionPath, 'utf8');
  return template.replace(/\$\{(\w+)\}/g, (match, name: string) => {
    const value = substitutions[name as InvoiceLifecycleTask];
    if (value === undefined) throw new Error(`No substitution for ${match} in the invoice lifecycle definition`);
    return value;
  });
}
