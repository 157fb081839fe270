import { setTimeout as sleep } from 'node:timers/promises';
import { S3Client } from '@aws-sdk/client-s3';
import { createDocumentClient } from '../../shared/kernel/index.js';
import { readEnvironment } from '../../shared/kernel/index.js';
import { DynamoImportJobs } from '../../shared/imports/index.js';
import { DynamoImportProfiles } from '../../shared/imports/index.js';
import { S3ImportFiles } from '../../shared/imports/index.js';
import { DynamoOpenItemSnapshots, ReportRowOpenInvoices } from '../../shared/imports/index.js';
import { DynamoReportRowStore } from '../../shared/reports/index.js';
import type { ImportDeps } from '../../shared/imports/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { collectionDeps } from './deps.js';

/** What the import function needs on top of the collection use cases, built once per cold start. */
export function importDeps(collection: Pick<CollectionDeps, 'invoices' | 'payments' | 'creditNotes' | 'invoiceBatch' | 'invoiceRevisions' | 'workflows' | 'clock' | 'policies' | 'customers' | 'paymentReferences'> = collectionDeps(), env = readEnvironment()): ImportDeps {
  const db = createDocumentClient();
  return {
    invoices: collection.invoices,
    payments: collection.payments,
    creditNotes: collection.creditNotes,
    paymentReferences: collection.paymentReferences,
    workflows: collection.workflows,
    clock: collection.clock,
    policies: collection.policies,
    customers: collection.customers,
    files: new S3ImportFiles(new S3Client({})),
    jobs: new DynamoImportJobs(db, env.TABLE_NAME),
    invoiceBatch: collection.invoiceBatch,
    invoiceRevisions: collection.invoiceRevisions,
    profiles: new DynamoImportProfiles(db, env.TABLE_NAME),
    timer: { now: () => Date.now(), sleep: (ms) => sleep(ms) },
    startsPerSecond: env.IMPORT_STARTS_PER_SECOND,
    snapshots: new DynamoOpenItemSnapshots(db, env.TABLE_NAME),
    openInvoices: new ReportRowOpenInvoices(new DynamoReportRowStore(db, env.TABLE_NAME)),
  };
}

export function importProfileStore(env = readEnvironment()): DynamoImportProfiles {
  return new DynamoImportProfiles(createDocumentClient(), env.TABLE_NAME);
}
