import { hashApiKey } from '../shared/adapters/dynamo-api-key.store.js';
import type { DeliverabilityRepository, NoticeSettingsRepository } from '../shared/notices/notice-ports.js';
import type { ApiKeyStore, CustomerRepository, InvoiceRepository, PolicyRepository } from '../shared/ports.js';
import { InMemoryCustomerRepository } from '../test/unit/fakes/in-memory-customer.repository.js';
import { InMemoryInvoiceRepository } from '../test/unit/fakes/in-memory-invoice.repository.js';
import { InMemoryDeliverability, InMemoryNoticeSettings } from '../test/unit/fakes/in-memory-notices.js';
import { InMemoryPolicyRepository } from '../test/unit/fakes/in-memory-policy.repository.js';

/** Where the local stack keeps its data: DynamoDB Local (the default, as deployed) or process memory. */
export type LocalStore = 'dynamodb' | 'memory';

export interface MemoryStore {
  invoices: InvoiceRepository;
  policies: PolicyRepository;
  customers: CustomerRepository;
  noticeSettings: NoticeSettingsRepository;
  deliverability: DeliverabilityRepository;
  apiKeys: ApiKeyStore;
}

/**
 * The storage ports held in process memory, for the policy simulator's `--store memory`: the same
 * handlers, use cases and state machine run over them, only DynamoDB Local (a JVM doing a few hundred
 * requests a second on this machine) is left out. The repositories are the in-memory implementations
 * the unit tests use; each implements its whole port with the DynamoDB adapter's conditional-write
 * semantics (documented on each class), and test/integration/simulator.test.ts checks that a replay
 * gives the same results on both stores.
 */
export function memoryStore(): MemoryStore {
  return {
    invoices: new InMemoryInvoiceRepository(),
    policies: new InMemoryPolicyRepository(),
    customers: new InMemoryCustomerRepository(),
    noticeSettings: new InMemoryNoticeSettings(),
    deliverability: new InMemoryDeliverability(),
    apiKeys: new InMemoryApiKeyStore(),
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
export const functionsNeedingDynamoDb = ['reports', 'import-file', 'import-profiles'] as const;
