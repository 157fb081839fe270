import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, readEnvironment } from '../../shared/kernel/index.js';
import { DynamoImportJobs, type ImportDeps } from '../../shared/imports/index.js';
import { DynamoCashLedger, RepositoryInvoiceLookup, type CashApplicationDeps } from '../../shared/cash-application/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';

/** The statement import's dependencies but the bucket: the import function adds its own; the bank-statements routes read the statement from the request body. */
export type StatementDeps = Omit<CashApplicationDeps, 'files'>;

type Sources = Pick<CollectionDeps, 'invoices' | 'payments' | 'workflows' | 'clock' | 'customers' | 'paymentReferences'> & Pick<ImportDeps, 'jobs'>;

/** What statement imports need on top of the import function's dependencies (or the collection's and a jobs store), built once per cold start. */
export function cashApplicationDeps(deps: Sources, env = readEnvironment(), db: DynamoDBDocumentClient = createDocumentClient()): StatementDeps {
  return {
    invoices: deps.invoices,
    payments: deps.payments,
    workflows: deps.workflows,
    clock: deps.clock,
    customers: deps.customers,
    lookup: new RepositoryInvoiceLookup(deps.invoices, deps.paymentReferences),
    ledger: new DynamoCashLedger(db, env.TABLE_NAME),
    jobs: deps.jobs,
    timer: { now: () => Date.now() },
  };
}

/** For the bank-statements routes (payment-allocations), which have no import function's dependencies: the statements' jobs store and the ledger share one client. */
export function bankStatementRouteDeps(collection: Omit<Sources, 'jobs'>, env = readEnvironment()): StatementDeps {
  const db = createDocumentClient();
  return cashApplicationDeps({ ...collection, jobs: new DynamoImportJobs(db, env.TABLE_NAME) }, env, db);
}
