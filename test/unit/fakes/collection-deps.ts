import type { CollectionDeps } from '../../../shared/app/index.js';
import { FakeMailer } from './fake-mailer.js';
import { FakeTaskTokens } from './fake-task-tokens.js';
import { FakeWorkflows } from './fake-workflows.js';
import { FixedClock } from './fixed-clock.js';
import { inMemoryInvoiceStores } from '../../../local/memory/in-memory-invoice-stores.js';
import { InMemoryPolicyRepository } from '../../../shared/policies/index.js';
import { InMemoryContactDays } from '../../../shared/customers/index.js';
import { InMemoryCustomerRepository } from '../../../shared/customers/index.js';
import { InMemoryNoticeSettings, InMemoryOwnerTasks, InMemorySentMessages, InMemoryStatementLedger, InMemorySuppressions } from '../../../shared/notices/index.js';
import { inMemoryInvoiceBatch } from '../../../shared/imports/index.js';

export const PUBLIC_API_URL = 'https://api.arflow.example';

/** Every dependency of the use cases as a fake, with a clock fixed at `now`. */
export function collectionSetup(now = '2026-12-08T08:00:00.000Z') {
  const stores = inMemoryInvoiceStores();
  const { invoices, payments } = stores;
  const policies = new InMemoryPolicyRepository(async (tenantId, invoiceNumber) => (await invoices.get(tenantId, invoiceNumber)) !== undefined);
  const customers = new InMemoryCustomerRepository();
  const contactDays = new InMemoryContactDays();
  const workflows = new FakeWorkflows();
  const taskTokens = new FakeTaskTokens();
  const mailer = new FakeMailer();
  const clock = new FixedClock(new Date(now));
  const noticeSettings = new InMemoryNoticeSettings();
  const sentMessages = new InMemorySentMessages();
  const suppressions = new InMemorySuppressions();
  const ownerTasks = new InMemoryOwnerTasks();
  const statements = new InMemoryStatementLedger();
  const deps: CollectionDeps = { ...stores, invoiceBatch: inMemoryInvoiceBatch({ invoices, payments, customers, policies }), policies, customers, contactDays, workflows, taskTokens, mailer, clock, senderName: 'Acme Receivables', publicApiUrl: PUBLIC_API_URL, noticeSettings, sentMessages, suppressions, ownerTasks, statements, senderIdentities: ['acme.example'] };
  return { deps, ...stores, policies, customers, contactDays, workflows, taskTokens, mailer, clock, noticeSettings, sentMessages, suppressions, ownerTasks, statements };
}
