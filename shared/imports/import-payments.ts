import { mapWithConcurrency } from '../kernel/index.js';
import { ArflowError } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import { paymentRequestId, type Payment, type PaymentInput } from '../payments/index.js';
import type { InvoiceWorkflows } from '../invoicing/index.js';
import type { InvoiceRepository } from '../invoicing/index.js';
import type { PaymentRepository } from '../payments/index.js';
import type { ImportsDeps } from './deps.js';
import type { RowOutcome } from './import-invoices.js';
import { recordPayment } from '../payments/index.js';

export type ImportPaymentDeps = Pick<ImportsDeps, 'invoices' | 'payments' | 'invoiceBatch' | 'workflows' | 'clock'>;

/**
 * A group of a payments file's rows through the API's own payment use case, with its reads batched:
 * one BatchGetItem per 100 finds the payments already recorded (a repeat is unchanged, with no further
 * round trip) and one per 100 the invoices the rows name. Each new payment then commits in its own
 * transaction (its allocations must see the balance the previous payment left: two payments of one
 * invoice in a group are normal in a bank file), `concurrency` at a time; stopping a paid invoice's
 * workflow waits for `pace` (StopExecution's quota).
 */
export async function importPaymentGroup(
  deps: ImportPaymentDeps,
  tenantId: string,
  inputs: readonly PaymentInput[],
  options: { concurrency: number; pace: { acquire(): Promise<void> } },
): Promise<RowOutcome[]> {
  const ids = inputs.map((input) => paymentRequestId(tenantId, input));
  const named = [...new Set(inputs.map((input) => input.invoiceNumber).filter((number): number is string => number !== undefined))];
  const [payments, invoices] = await Promise.all([deps.invoiceBatch.getPayments(tenantId, ids), deps.invoiceBatch.getMany(tenantId, named)]);
  const once = servedOnce();
  const readOnce = { invoices: firstInvoiceReads(deps.invoices, invoices, once), payments: firstPaymentReads(deps.payments, payments, once) };
  const paced: InvoiceWorkflows = {
    start: (invoice) => deps.workflows.start(invoice),
    stop: async (invoice, reason) => {
      await options.pace.acquire();
      await deps.workflows.stop(invoice, reason);
    },
  };
  return mapWithConcurrency(inputs, options.concurrency, async (input, index): Promise<RowOutcome> => {
    // Recorded before (a re-drop, a resumed import): unchanged, whatever else the row says.
    if (payments.has(ids[index]!)) return { outcome: 'unchanged' };
    try {
      const { outcome } = await recordPayment({ ...deps, ...readOnce, workflows: paced }, tenantId, input);
      return { outcome: outcome === 'applied' ? 'imported' : 'unchanged' };
    } catch (error) {
      // The domain's refusals (an unknown invoice, a paid one) are the row's fault; anything else is an
      // outage, and the import fails to be retried from its checkpoint.
      if (error instanceof ArflowError) return { outcome: 'rejected', reason: error.message };
      throw error;
    }
  });
}

/**
 * The repositories with the group's batch reads served once each: the first read of a prefetched
 * invoice, or of a payment id found absent, is answered from memory; every later read (a retry after a
 * stale write, a second payment of the same invoice) goes to the table. Writes always go to the table,
 * with their conditions, so a stale answer can only make a write fail and be retried, never be wrong.
 */
function servedOnce(): (key: string) => boolean {
  const served = new Set<string>();
  return (key) => !served.has(key) && served.add(key) !== undefined;
}

function firstInvoiceReads(repository: InvoiceRepository, invoices: Map<string, Invoice>, once: (key: string) => boolean): InvoiceRepository {
  return {
    get: (tenantId, number) => (invoices.has(number) && once(`i:${number}`) ? Promise.resolve(invoices.get(number)) : repository.get(tenantId, number)),
    timeline: (tenantId, number) => repository.timeline(tenantId, number),
    appendEvent: (tenantId, number, event) => repository.appendEvent(tenantId, number, event),
    openInvoicesOf: (tenantId, customerId, limit) => repository.openInvoicesOf(tenantId, customerId, limit),
    closeInvoice: (invoice, status, events) => repository.closeInvoice(invoice, status, events),
    nextRevision: (invoice, event) => repository.nextRevision(invoice, event),
    markFailed: (tenantId, number, failure, event) => repository.markFailed(tenantId, number, failure, event),
  };
}

function firstPaymentReads(repository: PaymentRepository, payments: Map<string, Payment>, once: (key: string) => boolean): PaymentRepository {
  return {
    getPayment: (tenantId, id) => (!payments.has(id) && once(`p:${id}`) ? Promise.resolve(undefined) : repository.getPayment(tenantId, id)),
    applyPayment: (payment, changes, previous) => repository.applyPayment(payment, changes, previous),
    unappliedPayments: (tenantId) => repository.unappliedPayments(tenantId),
  };
}
