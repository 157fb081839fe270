import { mapWithConcurrency } from '../concurrency.js';
import { ArflowError } from '../errors.js';
import { newInvoice, type Invoice, type InvoiceInput } from '../invoice.js';
import type { ImportInvoiceBatch } from '../import/import-ports.js';
import type { InvoiceRepository } from '../ports.js';
import type { TimelineEvent } from '../timeline.js';
import type { CollectionDeps } from './deps.js';
import { ingestInvoice, invoiceCreatedEvent } from './ingest-invoice.js';

export type ImportInvoiceDeps = Pick<CollectionDeps, 'invoices' | 'workflows' | 'clock' | 'policies' | 'customers'> & { invoiceBatch: ImportInvoiceBatch };
export type RowOutcome = { outcome: 'imported' | 'unchanged' } | { outcome: 'rejected'; reason: string };

/** At most 50 invoices (100 items) per transaction. */
const CREATE_CHUNK = 50;

/**
 * `ingestInvoice` for a group of a file's rows (distinct numbers, at most 100), with the writes batched:
 * one BatchGetItem finds the numbers already stored, one transaction per 50 stores the new invoices with
 * their `invoice.created` events (all or nothing, each conditional on its number being unused), and
 * their later timeline events go out 25 per BatchWriteItem. Every row then runs through `ingestInvoice`
 * itself (workflow start and whatever else it does), with the writes just made answered from memory.
 * Stored numbers, rows naming a policy (ingestInvoice checks it first), and a chunk that lost a race
 * take the one-row path: the outcome is the same, only slower.
 */
export async function importInvoiceGroup(
  deps: ImportInvoiceDeps,
  tenantId: string,
  inputs: readonly InvoiceInput[],
  options: { concurrency: number; beforeWrite: () => Promise<void> },
): Promise<RowOutcome[]> {
  const stored = await deps.invoiceBatch.getMany(
    tenantId,
    inputs.map((input) => input.invoiceNumber),
  );
  const created = new Map<string, Invoice>();
  const fresh = inputs.filter((input) => !stored.has(input.invoiceNumber) && !input.policy);
  for (let start = 0; start < fresh.length; start += CREATE_CHUNK) {
    const entries = fresh.slice(start, start + CREATE_CHUNK).map((input) => {
      const invoice = newInvoice(tenantId, input, deps.clock.now());
      return { invoice, event: invoiceCreatedEvent(invoice) };
    });
    if (await deps.invoiceBatch.createAll(entries)) for (const { invoice } of entries) created.set(invoice.invoiceNumber, invoice);
  }

  const laterEvents: { invoiceNumber: string; event: TimelineEvent }[] = [];
  const invoices = alreadyWritten(deps.invoices, created, laterEvents);
  const outcomes = await mapWithConcurrency(inputs, options.concurrency, async (input): Promise<RowOutcome> => {
    await options.beforeWrite();
    try {
      const { outcome } = await ingestInvoice({ ...deps, invoices }, tenantId, input);
      return { outcome: outcome === 'created' ? 'imported' : 'unchanged' };
    } catch (error) {
      // The domain's refusals (a reused invoice number, an unknown policy) are the row's fault; anything
      // else is an outage, and the import fails to be retried from its checkpoint.
      if (error instanceof ArflowError) return { outcome: 'rejected', reason: error.message };
      throw error;
    }
  });
  await deps.invoiceBatch.putNewEvents(tenantId, laterEvents);
  return outcomes;
}

/**
 * The invoice repository as `ingestInvoice` sees it for a group: `createIfAbsent` of an invoice the
 * batch has just stored answers "created" without a round trip, and timeline events of those invoices
 * are collected for one BatchWriteItem (a crash before it is harmless: the row is redone as unchanged,
 * and `ingestInvoice` appends the event then). Everything else goes to the repository.
 */
function alreadyWritten(repository: InvoiceRepository, created: Map<string, Invoice>, laterEvents: { invoiceNumber: string; event: TimelineEvent }[]): InvoiceRepository {
  return new Proxy(repository, {
    get(target, property, receiver) {
      if (property === 'createIfAbsent') {
        return async (invoice: Invoice, event: TimelineEvent) => {
          const stored = created.get(invoice.invoiceNumber);
          return stored?.tenantId === invoice.tenantId ? { created: true, invoice: stored } : target.createIfAbsent(invoice, event);
        };
      }
      if (property === 'appendEvent') {
        return async (tenantId: string, invoiceNumber: string, event: TimelineEvent) => {
          if (created.get(invoiceNumber)?.tenantId === tenantId) laterEvents.push({ invoiceNumber, event });
          else await target.appendEvent(tenantId, invoiceNumber, event);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
