import { after, before } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoContactDays } from '../../shared/adapters/dynamo-contact-days.js';
import { DynamoCustomerRepository } from '../../shared/adapters/dynamo-customer.repository.js';
import { DynamoInvoiceBatchStore } from '../../shared/adapters/dynamo-invoice-batch.store.js';
import { DynamoInvoiceRepository } from '../../shared/adapters/dynamo-invoice.repository.js';
import { DynamoPolicyRepository } from '../../shared/adapters/dynamo-policy.repository.js';
import type { InvoiceBatchStore } from '../../shared/invoice-batch-port.js';
import type { ContactDays } from '../../shared/contact-days-port.js';
import type { CustomerRepository } from '../../shared/customer-port.js';
import type { PolicyRepository } from '../../shared/policy-port.js';
import type { InvoiceRepository } from '../../shared/invoice-port.js';
import { ensureTable, startDynamoDb, type DynamoDbEmulator } from '../../local/emulators/dynamodb.js';
import { InMemoryContactDays } from '../../local/memory/in-memory-contact-days.js';
import { InMemoryCustomerRepository } from '../../local/memory/in-memory-customer.repository.js';
import { inMemoryInvoiceBatch } from '../../local/memory/in-memory-invoice-batch.js';
import { inMemoryInvoiceStores } from '../../local/memory/in-memory-invoice-stores.js';
import { InMemoryPolicyRepository } from '../../local/memory/in-memory-policy.repository.js';

/** The ports of one store: each contract case runs against both (their state persists across cases: use a fresh tenant per case). */
export interface LayoutStores {
  invoices: InvoiceRepository;
  invoiceBatch: InvoiceBatchStore;
  policies: PolicyRepository;
  customers: CustomerRepository;
  contactDays: ContactDays;
}

export type StoreName = 'DynamoDB Local' | 'in-memory';
export const storeNames: StoreName[] = ['DynamoDB Local', 'in-memory'];

const TABLE = 'arflow-contract';

/**
 * Self-contained set-up for a contract suite (until test/contract/support is shared): one DynamoDB Local
 * with the table the CDK app deploys (ensureTable), and the in-memory adapters wired as the local stack wires them.
 */
export function layoutStores(): (name: StoreName) => LayoutStores {
  let emulator: DynamoDbEmulator;
  let db: DynamoDBDocumentClient;
  let dynamo: LayoutStores;
  before(async () => {
    emulator = await startDynamoDb({});
    await ensureTable(emulator.endpoint, TABLE);
    db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: emulator.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), {
      marshallOptions: { removeUndefinedValues: true },
    });
    dynamo = {
      invoices: new DynamoInvoiceRepository(db, TABLE),
      invoiceBatch: new DynamoInvoiceBatchStore(db, TABLE),
      policies: new DynamoPolicyRepository(db, TABLE),
      customers: new DynamoCustomerRepository(db, TABLE),
      contactDays: new DynamoContactDays(db, TABLE),
    };
  });
  after(async () => {
    db.destroy();
    await emulator.stop();
  });
  const { invoices, payments } = inMemoryInvoiceStores();
  const policies = new InMemoryPolicyRepository(async (tenantId, invoiceNumber) => (await invoices.get(tenantId, invoiceNumber)) !== undefined);
  const customers = new InMemoryCustomerRepository();
  const memory: LayoutStores = { invoices, invoiceBatch: inMemoryInvoiceBatch({ invoices, payments, policies, customers }), policies, customers, contactDays: new InMemoryContactDays() };
  return (name) => (name === 'DynamoDB Local' ? dynamo : memory);
}

let tenants = 0;
/** A tenant no other case uses. */
export const freshTenant = () => `contract-${process.pid}-${++tenants}`;
