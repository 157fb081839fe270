import { after, before } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoContactDays } from '../../shared/customers/index.js';
import { DynamoCustomerRepository } from '../../shared/customers/index.js';
import { DynamoInvoiceBatchStore } from '../../shared/imports/index.js';
import { DynamoInvoiceRepository } from '../../shared/invoicing/index.js';
import { DynamoPolicyRepository } from '../../shared/policies/index.js';
import type { InvoiceBatchStore } from '../../shared/imports/index.js';
import type { ContactDays } from '../../shared/customers/index.js';
import type { CustomerRepository } from '../../shared/customers/index.js';
import type { PolicyRepository } from '../../shared/policies/index.js';
import type { InvoiceRepository } from '../../shared/invoicing/index.js';
import { ensureTable, startDynamoDb, type DynamoDbEmulator } from '../../local/emulators/dynamodb.js';
import { InMemoryContactDays } from '../../shared/customers/index.js';
import { InMemoryCustomerRepository } from '../../shared/customers/index.js';
import { inMemoryInvoiceBatch } from '../../shared/imports/index.js';
import { inMemoryInvoiceStores } from '../../local/memory/in-memory-invoice-stores.js';
import { InMemoryPolicyRepository } from '../../shared/policies/index.js';

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
