import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newInvoice } from '../../shared/invoicing/index.js';
import { invoiceCreatedEvent } from '../../shared/kernel/index.js';
import { createdAt, invoiceInput, storedPolicy } from '../unit/fixtures.js';
import { freshTenant, layoutStores, storeNames } from './layout-stores.js';

const stores = layoutStores();
const entry = (tenantId: string, invoiceNumber: string, policyName?: string) => {
  const invoice = newInvoice(tenantId, invoiceInput({ invoiceNumber }), createdAt);
  return { invoice, events: [invoiceCreatedEvent(invoice)], policyName };
};

for (const name of storeNames) {
  describe(`PolicyRepository contract (${name})`, () => {
    it('stores versions in order and refuses a version another writer stored first', async () => {
      const { policies } = stores(name);
      const tenant = freshTenant();
      assert.equal(await policies.put(tenant, storedPolicy('gentle', { stages: [] }, 1)), 'stored');
      assert.equal(await policies.put(tenant, storedPolicy('gentle', { stages: [] }, 1)), 'version-conflict');
      assert.equal(await policies.put(tenant, storedPolicy('gentle', { stages: [] }, 3)), 'version-conflict', 'a gap is a conflict');
      assert.equal(await policies.put(tenant, storedPolicy('gentle', { stages: [{ id: 'overdue-1', offsetDays: 1 }] }, 2)), 'stored');
      assert.equal((await policies.get(tenant, 'gentle'))?.version, 2);
      assert.deepEqual((await policies.list(tenant)).map((policy) => `${policy.name}@${policy.version}`), ['gentle@2']);
      assert.equal(await policies.get(freshTenant(), 'gentle'), undefined);
    });

    it('lists, sorted, every invoice stored under a policy, over all of its index shards, and none of another policy or tenant', async () => {
      const { policies, invoiceBatch } = stores(name);
      const tenant = freshTenant();
      const numbers = Array.from({ length: 40 }, (_, i) => `P-${String(i).padStart(3, '0')}`);
      await invoiceBatch.createAll([...numbers.map((number) => entry(tenant, number, 'gentle')), entry(tenant, 'Q-1', 'firm'), entry(tenant, 'Q-2'), entry(freshTenant(), 'Q-3', 'gentle')]);
      assert.deepEqual(await policies.invoicesUnder(tenant, 'gentle'), numbers);
      assert.deepEqual(await policies.invoicesUnder(tenant, 'firm'), ['Q-1']);
      assert.deepEqual(await policies.invoicesUnder(tenant, 'default'), [], 'an invoice created without a policy name is under none');
    });

    it('moves a stored invoice to the policy that collects it now, idempotently, and leaves an unknown invoice unlisted', async () => {
      const { policies, invoiceBatch } = stores(name);
      const tenant = freshTenant();
      await invoiceBatch.createAll([entry(tenant, 'M-1', 'gentle'), entry(tenant, 'M-2', 'gentle'), entry(tenant, 'M-3')]);
      await policies.addInvoice(tenant, 'firm', 'M-1');
      await policies.addInvoice(tenant, 'firm', 'M-1');
      await policies.addInvoice(tenant, 'firm', 'M-3');
      await policies.addInvoice(tenant, 'firm', 'NEVER-STORED');
      assert.deepEqual(await policies.invoicesUnder(tenant, 'firm'), ['M-1', 'M-3']);
      assert.deepEqual(await policies.invoicesUnder(tenant, 'gentle'), ['M-2']);
    });
  });
}
