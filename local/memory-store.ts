import type { AnyHandler } from './lambda-runtime.js';
import { InMemoryApiKeyStore } from '../shared/identity/index.js';
import type { NoticeSettingsRepository, OwnerTasks, SentMessages, StatementLedger, Suppressions } from '../shared/notices/index.js';
import type { ApiKeyStore } from '../shared/identity/index.js';
import type { ContactDays } from '../shared/customers/index.js';
import type { CustomerRepository } from '../shared/customers/index.js';
import type { PolicyRepository } from '../shared/policies/index.js';
import type { CollectionDeps } from '../shared/app/index.js';
import { InMemoryContactDays } from '../shared/customers/index.js';
import { inMemoryInvoiceStores } from './memory/in-memory-invoice-stores.js';
import { InMemoryCustomerRepository } from '../shared/customers/index.js';
import { InMemoryNoticeSettings, InMemoryOwnerTasks, InMemorySentMessages, InMemoryStatementLedger, InMemorySuppressions } from '../shared/notices/index.js';
import { InMemoryPolicyRepository } from '../shared/policies/index.js';
import { inMemoryInvoiceBatch } from '../shared/imports/index.js';
import type { InvoiceBatchStore } from '../shared/imports/index.js';
import { MemoryInsertStream, StreamedInMemoryInvoiceRepository } from './memory-insert-stream.js';

/** Where the local stack keeps its data: DynamoDB Local (the default, as deployed) or process memory. */
export type LocalStore = 'dynamodb' | 'memory';

/** The invoice's aggregates (invoices, notice ledger, payments, links, disputes, plans, escalations, link keys). */
type InvoiceStores = Pick<CollectionDeps, 'invoices' | 'noticeLedger' | 'paymentReferences' | 'payments' | 'creditNotes' | 'customerLinks' | 'disputes' | 'paymentPlans' | 'escalations' | 'linkKeys' | 'invoiceRevisions'>;

export interface MemoryStore extends InvoiceStores {
  policies: PolicyRepository;
  customers: CustomerRepository;
  contactDays: ContactDays;
  noticeSettings: NoticeSettingsRepository;
  sentMessages: SentMessages;
  suppressions: Suppressions;
  ownerTasks: OwnerTasks;
  statements: StatementLedger;
  apiKeys: ApiKeyStore;
  /** The batch store over these repositories (one call per invoice: memory has no round trips to save). */
  invoiceBatch: InvoiceBatchStore;
  /** New invoices → the workflow starter, as the table's stream does on DynamoDB. */
  insertStream: MemoryInsertStream;
}

/**
 * The storage ports held in process memory, for the policy simulator's `--store memory`: the same
 * handlers, use cases and state machine run over them, only DynamoDB Local (a JVM doing a few hundred
 * requests a second on this machine) is left out. The repositories are the in-memory implementations
 * the unit tests use; each implements its whole port with the DynamoDB adapter's conditional-write
 * semantics (documented on each class), and test/integration/simulator.test.ts checks that a replay
 * gives the same results on both stores.
 */
export function memoryStore(onStreamFailure: (error: unknown) => void): MemoryStore {
  const insertStream = new MemoryInsertStream(onStreamFailure);
  const invoiceStores = inMemoryInvoiceStores(new StreamedInMemoryInvoiceRepository(insertStream));
  const { invoices, payments } = invoiceStores;
  const policies = new InMemoryPolicyRepository(async (tenantId, invoiceNumber) => (await invoices.get(tenantId, invoiceNumber)) !== undefined);
  const repositories = { invoices, payments, policies, customers: new InMemoryCustomerRepository() };
  return {
    ...invoiceStores,
    ...repositories,
    noticeSettings: new InMemoryNoticeSettings(),
    sentMessages: new InMemorySentMessages(),
    suppressions: new InMemorySuppressions(),
    ownerTasks: new InMemoryOwnerTasks(),
    statements: new InMemoryStatementLedger(),
    apiKeys: new InMemoryApiKeyStore(),
    contactDays: new InMemoryContactDays(),
    invoiceBatch: inMemoryInvoiceBatch(repositories),
    insertStream,
  };
}

/** Functions that read DynamoDB through adapters of their own (reports, file imports): not served by the memory store. */
export const functionsNeedingDynamoDb = ['reports', 'project-reports', 'import-file', 'import-profiles', 'workspace'] as const;

/** Stands in for a function the memory store cannot serve: it fails every invocation saying why. */
export function needsDynamoDb(name: string): AnyHandler {
  return async () => {
    throw new Error(`The ${name} function reads DynamoDB directly: the local stack's memory store does not serve it (start without store: 'memory')`);
  };
}
