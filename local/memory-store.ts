import type { AnyHandler } from './lambda-runtime.js';
import { hashApiKey } from '../shared/adapters/dynamo-api-key.store.js';
import type { DeliverabilityRepository, NoticeSettingsRepository } from '../shared/notices/notice-ports.js';
import type { ApiKeyStore, CustomerRepository, InvoiceRepository, PolicyRepository } from '../shared/ports.js';
import { InMemoryCustomerRepository } from './memory/in-memory-customer.repository.js';
import { InMemoryDeliverability, InMemoryNoticeSettings } from './memory/in-memory-notices.js';
import { InMemoryPolicyRepository } from './memory/in-memory-policy.repository.js';
import { inMemoryInvoiceBatch } from './memory/in-memory-invoice-batch.js';
import type { InvoiceBatchStore } from '../shared/ports.js';
import { MemoryInsertStream, StreamedInMemoryInvoiceRepository } from './memory-insert-stream.js';

/** Where the local stack keeps its data: DynamoDB Local (the default, as deployed) or process memory. */
export type LocalStore = 'dynamodb' | 'memory';

export interface MemoryStore {
  invoices: InvoiceRepository;
  policies: PolicyRepository;
  customers: CustomerRepository;
  noticeSettings: NoticeSettingsRepository;
  deliverability: DeliverabilityRepository;
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
  const repositories = { invoices: new StreamedInMemoryInvoiceRepository(insertStream), policies: new InMemoryPolicyRepository(), customers: new InMemoryCustomerRepository() };
  return {
    ...repositories,
    noticeSettings: new InMemoryNoticeSettings(),
    deliverability: new InMemoryDeliverability(),
    apiKeys: new InMemoryApiKeyStore(),
    invoiceBatch: inMemoryInvoiceBatch(repositories),
    insertStream,
  };
}

/** API keys by their SHA-256, as the DynamoDB store keeps them (never the key itself). */
export class InMemoryApiKeyStore implements ApiKeyStore {
  private readonly tenants = new Map<string, string>();

  async tenantForKey(apiKey: string): Promise<string | undefined> {
    return this.tenants.get(hashApiKey(apiKey));
  }

  async put(apiKey: string, tenantId: string, _label: string): Promise<void> {
    this.tenants.set(hashApiKey(apiKey), tenantId);
  }
}

/** Functions that read DynamoDB through adapters of their own (reports, file imports): not served by the memory store. */
export const functionsNeedingDynamoDb = ['reports', 'project-reports', 'import-file', 'import-profiles'] as const;

/** Stands in for a function the memory store cannot serve: it fails every invocation saying why. */
export function needsDynamoDb(name: string): AnyHandler {
  return async () => {
    throw new Error(`The ${name} function reads DynamoDB directly: the local stack's memory store does not serve it (start without store: 'memory')`);
  };
}
