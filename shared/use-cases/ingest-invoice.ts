import { ConflictError, ValidationError } from '../errors.js';
import { newInvoice, type Invoice, type InvoiceInput } from '../invoice.js';
import type { CollectionDeps } from './deps.js';
import { watchCreditLimits } from './assess-customer-risk.js';
import { resolvePolicyForNewRevision } from './resolve-policy-for-revision.js';
import type { TimelineEvent } from '../timeline.js';

/** `warnings`: accepted, but a person should know (e.g. `customer_on_credit_hold`). */
export type IngestOutcome = { outcome: 'created' | 'unchanged'; invoice: Invoice; warnings: string[] };

/**
 * Stores an invoice and starts its workflow. Posting the same invoice again is a no-op that
 * returns the stored one (and re-starts a workflow whose start failed the first time); reusing
 * the number for different content is a conflict.
 */
export async function ingestInvoice(
  deps: Pick<CollectionDeps, 'invoices' | 'workflows' | 'clock' | 'policies' | 'customers'>,
  tenantId: string,
  input: InvoiceInput,
): Promise<IngestOutcome> {
  if (input.policy && input.policy !== 'default' && !(await deps.policies.get(tenantId, input.policy))) {
    throw new ValidationError(`Policy ${input.policy} does not exist`, [{ path: 'policy', message: 'names no stored policy; create it with PUT /policies/{name} first' }]);
  }
  const candidate = newInvoice(tenantId, input, deps.clock.now());
  const warnings: string[] = [];
  const { created, invoice } = await deps.invoices.createIfAbsent(candidate, invoiceCreatedEvent(candidate));
  if (!created && invoice.contentHash !== candidate.contentHash) {
    throw new ConflictError(
      'invoice_number_reused',
      `Invoice ${input.invoiceNumber} already exists with different content; post a new invoice number or the identical invoice`,
    );
  }
  if (invoice.status === 'open') {
    // A post that failed after the invoice was stored (before its creation event) is completed by the
    // client's retry: the event is keyed, so this writes it once and is a no-op when it is there.
    if (!created) await deps.invoices.appendEvent(tenantId, invoice.invoiceNumber, invoiceCreatedEvent(invoice));
    // Before the workflow starts, so a policy change can always find the invoice to re-plan it.
    const profile = (await deps.customers.get(tenantId, invoice.customer.id)) ?? null;
    await deps.customers.addInvoice(tenantId, invoice.customer.id, invoice.invoiceNumber);
    await deps.policies.addInvoice(tenantId, (await resolvePolicyForNewRevision(deps, tenantId, invoice, profile)).name, invoice.invoiceNumber);
    if (profile?.creditHold) {
      warnings.push('customer_on_credit_hold');
      await deps.invoices.appendEvent(tenantId, invoice.invoiceNumber, {
        type: 'customer.credit-hold',
        at: invoice.createdAt,
        key: 'customer.credit-hold:at-creation',
        detail: { customerId: invoice.customer.id, reason: `created while the customer is on credit hold since ${profile.creditHold.since}: ${profile.creditHold.reason}` },
      });
    }
    const { executionName } = await deps.workflows.start(invoice);
    await deps.invoices.appendEvent(tenantId, invoice.invoiceNumber, {
      type: 'workflow.started',
      at: deps.clock.now().toISOString(),
      key: `workflow.started:r${invoice.revision}`,
      detail: { executionName },
    });
    // A new invoice raises what the customer owes: a customer with a credit limit is re-assessed now.
    // Last, and on a repeat too, so a retry after a failure here still checks (an alert is once per crossing).
    if (profile?.creditLimit) await watchCreditLimits(deps, tenantId, [invoice.customer.id], new Map([[invoice.customer.id, profile]]));
  }
  return { outcome: created ? 'created' : 'unchanged', invoice, warnings };
}

/** The event `createIfAbsent` stores with a new invoice (also the file import's, so both paths write the same fact). */
export function invoiceCreatedEvent(invoice: Invoice): TimelineEvent {
  return {
    type: 'invoice.created',
    at: invoice.createdAt,
    key: 'invoice.created',
    detail: { amount: invoice.amount, currency: invoice.currency, dueDate: invoice.dueDate },
  };
}
