import { randomUUID } from 'node:crypto';
import { after, before, describe } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, startDynamoDb, type DynamoDbEmulator } from '../../../local/emulators/dynamodb.js';
import { inMemoryInvoiceStores } from '../../../local/memory/in-memory-invoice-stores.js';
import { inMemoryInvoiceBatch } from '../../../shared/imports/index.js';
import { InMemoryCustomerRepository } from '../../../shared/customers/index.js';
import { InMemoryPolicyRepository } from '../../../shared/policies/index.js';
import { DynamoCustomerLinkRepository } from '../../../shared/self-service/index.js';
import { DynamoCustomerRepository } from '../../../shared/customers/index.js';
import { DynamoDisputeRepository } from '../../../shared/disputes/index.js';
import { DynamoEscalationRepository } from '../../../shared/escalation/index.js';
import { DynamoInvoiceBatchStore, DynamoInvoiceRevisions } from '../../../shared/imports/index.js';
import { DynamoInvoiceRepository } from '../../../shared/invoicing/index.js';
import { DynamoLinkKeyStore } from '../../../shared/kernel/index.js';
import { DynamoNoticeLedger, DynamoPaymentReferences } from '../../../shared/invoicing/index.js';
import { DynamoPaymentPlanRepository } from '../../../shared/payment-plans/index.js';
import { DynamoPaymentRepository } from '../../../shared/payments/index.js';
import { DynamoCreditNoteRepository } from '../../../shared/credit-notes/index.js';
import { DynamoPolicyRepository } from '../../../shared/policies/index.js';
import type { CollectionDeps } from '../../../shared/app/index.js';
import { DynamoDigestSettingsRepository, InMemoryDigestSettingsRepository, type DigestSettingsRepository } from '../../../shared/digest/index.js';
import { DynamoApiKeyStore, InMemoryApiKeyStore, type ApiKeyStore } from '../../../shared/identity/index.js';
import { DynamoImportJobs, DynamoImportProfiles, InMemoryImportJobs, InMemoryImportProfiles, type ImportJobs, type ImportProfileStore } from '../../../shared/imports/index.js';
import { DynamoOpenItemSnapshots, InMemoryOpenItemSnapshots, type OpenItemSnapshots } from '../../../shared/imports/index.js';
import { DynamoCashLedger, InMemoryCashLedger, type CashLedger } from '../../../shared/cash-application/index.js';
import { DynamoNoticeSettings, InMemoryNoticeSettings, DynamoOwnerTasks, DynamoSentMessages, DynamoStatementLedger, DynamoSuppressions, InMemoryOwnerTasks, InMemorySentMessages, InMemoryStatementLedger, InMemorySuppressions } from '../../../shared/notices/index.js';

/** Every storage port of the collection use cases, over one store (a DynamoDB table, or one in-memory state). */
export type Stores = Pick<
  CollectionDeps,
  | 'invoices' | 'noticeLedger' | 'paymentReferences' | 'payments' | 'creditNotes' | 'customerLinks' | 'disputes' | 'paymentPlans' | 'escalations' | 'linkKeys' | 'invoiceBatch' | 'customers' | 'policies' | 'invoiceRevisions'
  | 'sentMessages' | 'suppressions' | 'ownerTasks' | 'statements' | 'noticeSettings'
> & {
  cashLedger: CashLedger;
  digests: DigestSettingsRepository;
  apiKeys: ApiKeyStore;
  importProfiles: ImportProfileStore;
  /** Import jobs whose leases run out by `now` (call once per test: in memory, each call is a new store). */
  importJobs: (now: () => number) => ImportJobs;
  openItemSnapshots: OpenItemSnapshots;
};

export type StoreName = 'dynamodb' | 'memory';

const TABLE = 'arflow-contract';

/**
 * Defines the same suite once per adapter: `define(name, makeStores)` runs inside a describe of
 * its own, once with DynamoDB Local (started once for that describe, one table) and once with the
 * in-memory adapters. `makeStores()` gives the ports over that store; on DynamoDB every call shares the
 * table, so a test keeps to its own tenant (`uniqueTenant()`) and its own link ids.
 */
export function forEachStore(define: (name: StoreName, makeStores: () => Stores) => void): void {
  describe('on DynamoDB Local', () => {
    let dynamodb: DynamoDbEmulator | undefined;
    let db: DynamoDBDocumentClient | undefined;
    before(async () => {
      dynamodb = await startDynamoDb({});
      await ensureTable(dynamodb.endpoint, TABLE);
      db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), {
        marshallOptions: { removeUndefinedValues: true },
      });
    });
    after(async () => {
      db?.destroy();
      await dynamodb?.stop();
    });
    define('dynamodb', () => {
      if (!db) throw new Error('DynamoDB Local is not started yet: call makeStores() inside a test');
      return dynamoStores(db, TABLE);
    });
  });
  describe('in memory', () => {
    define('memory', memoryStores);
  });
}

function dynamoStores(db: DynamoDBDocumentClient, table: string): Stores {
  return {
    invoices: new DynamoInvoiceRepository(db, table),
    noticeLedger: new DynamoNoticeLedger(db, table),
    paymentReferences: new DynamoPaymentReferences(db, table),
    payments: new DynamoPaymentRepository(db, table),
    creditNotes: new DynamoCreditNoteRepository(db, table),
    customerLinks: new DynamoCustomerLinkRepository(db, table),
    disputes: new DynamoDisputeRepository(db, table),
    paymentPlans: new DynamoPaymentPlanRepository(db, table),
    escalations: new DynamoEscalationRepository(db, table),
    linkKeys: new DynamoLinkKeyStore(db, table),
    invoiceBatch: new DynamoInvoiceBatchStore(db, table),
    invoiceRevisions: new DynamoInvoiceRevisions(db, table),
    customers: new DynamoCustomerRepository(db, table),
    policies: new DynamoPolicyRepository(db, table),
    sentMessages: new DynamoSentMessages(db, table),
    suppressions: new DynamoSuppressions(db, table),
    ownerTasks: new DynamoOwnerTasks(db, table),
    statements: new DynamoStatementLedger(db, table),
    noticeSettings: new DynamoNoticeSettings(db, table),
    digests: new DynamoDigestSettingsRepository(db, table),
    apiKeys: new DynamoApiKeyStore(db, table),
    importProfiles: new DynamoImportProfiles(db, table),
    importJobs: (now) => new DynamoImportJobs(db, table, now),
    openItemSnapshots: new DynamoOpenItemSnapshots(db, table),
    cashLedger: new DynamoCashLedger(db, table),
  };
}

function memoryStores(): Stores {
  const stores = inMemoryInvoiceStores();
  const customers = new InMemoryCustomerRepository();
  const policies = new InMemoryPolicyRepository();
  const notices = { sentMessages: new InMemorySentMessages(), suppressions: new InMemorySuppressions(), ownerTasks: new InMemoryOwnerTasks(), statements: new InMemoryStatementLedger(), noticeSettings: new InMemoryNoticeSettings() };
  const settings = {
    digests: new InMemoryDigestSettingsRepository(),
    apiKeys: new InMemoryApiKeyStore(),
    importProfiles: new InMemoryImportProfiles(),
    importJobs: (now: () => number) => new InMemoryImportJobs(now),
    openItemSnapshots: new InMemoryOpenItemSnapshots(),
  };
  return { ...stores, ...notices, ...settings, cashLedger: new InMemoryCashLedger(), customers, policies, invoiceBatch: inMemoryInvoiceBatch({ invoices: stores.invoices, payments: stores.payments, customers, policies }) };
}

/** A tenant no other test uses (the DynamoDB table is shared by a file's tests). */
export function uniqueTenant(): string {
  return `t-${randomUUID().slice(0, 8)}`;
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** How many of the outcomes are `value`. */
export function count<T>(outcomes: readonly T[], value: T): number {
  return outcomes.filter((outcome) => outcome === value).length;
}
