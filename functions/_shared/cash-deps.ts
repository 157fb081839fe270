import { createDocumentClient, readEnvironment } from '../../shared/kernel/index.js';
import { DynamoImportJobs, type ImportFiles } from '../../shared/imports/index.js';
import { DynamoCashLedger, RepositoryInvoiceLookup, type CashApplicationDeps } from '../../shared/cash-application/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';

/** What statement imports need on top of the collection use cases (the import function and the bank-statements routes), built once per cold start. */
export function cashApplicationDeps(collection: Pick<CollectionDeps, 'invoices' | 'payments' | 'workflows' | 'clock' | 'customers' | 'paymentReferences'>, files: ImportFiles, env = readEnvironment()): CashApplicationDeps {
  const db = createDocumentClient();
  return {
    invoices: collection.invoices,
    payments: collection.payments,
    workflows: collection.workflows,
    clock: collection.clock,
    customers: collection.customers,
    lookup: new RepositoryInvoiceLookup(collection.invoices, collection.paymentReferences),
    ledger: new DynamoCashLedger(db, env.TABLE_NAME),
    files,
    jobs: new DynamoImportJobs(db, env.TABLE_NAME),
    timer: { now: () => Date.now() },
  };
}
