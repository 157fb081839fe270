import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newInvoice } from '../../shared/invoicing/index.js';
import { invoiceCreatedEvent } from '../../shared/kernel/index.js';
import { createdAt, invoiceInput } from '../unit/fixtures.js';
import { freshTenant, layoutStores, storeNames } from './layout-stores.js';

const stores = layoutStores();
const profile = (tenantId: string, customerId: string) => ({ tenantId, customerId, tags: ['key-account'], updatedAt: '2026-11-01T00:00:00.000Z' });
const invoiceOf = (tenantId: string, invoiceNumber: string, customerId: string) =>
  newInvoice(tenantId, invoiceInput({ invoiceNumber, customer: { ...invoiceInput().customer, id: customerId } }), createdAt);

for (const name of storeNames) {
  describe(`CustomerRepository contract (${name})`, () => {
    it('stores a profile and keeps its credit hold, risk and credit-limit mark when the profile is put again', async () => {
      const { customers } = stores(name);
      const tenant = freshTenant();
      assert.equal(await customers.get(tenant, 'C-1'), undefined);
      await customers.put({ ...profile(tenant, 'C-1'), policy: 'gentle', creditLimit: { currency: 'EUR', amount: 100 } });
      await customers.placeCreditHold(tenant, 'C-1', { since: '2026-11-02', reason: 'unpaid', by: 'finance@acme.example' });
      await customers.recordRisk(tenant, 'C-1', { score: 50, tier: 'high', assessedAt: '2026-11-03T00:00:00.000Z' });
      const alert = { type: 'customer.credit-limit-exceeded' as const, key: 'credit-limit-exceeded:2026-11-04', at: '2026-11-04T00:00:00.000Z', detail: { customerId: 'C-1', currency: 'EUR', openBalance: 200, creditLimit: 100, score: 50, tier: 'high' as const } };
      assert.equal(await customers.markCreditLimitExceeded(tenant, 'C-1', { since: alert.at, balance: 200, currency: 'EUR' }, alert), true);
      const again = await customers.put({ ...profile(tenant, 'C-1'), policy: 'firm' });
      assert.equal(again.policy, 'firm');
      assert.equal(again.creditLimit, undefined, 'a field left out of the put is removed');
      assert.deepEqual(again.creditHold, { since: '2026-11-02', reason: 'unpaid', by: 'finance@acme.example' });
      assert.deepEqual(again.risk, { score: 50, tier: 'high', assessedAt: '2026-11-03T00:00:00.000Z' });
      assert.deepEqual(again.creditLimitExceeded, { since: alert.at, balance: 200, currency: 'EUR' });
      assert.deepEqual(await customers.get(tenant, 'C-1'), again);
      await customers.releaseCreditHold(tenant, 'C-1');
      assert.equal((await customers.get(tenant, 'C-1'))?.creditHold, undefined);
    });

    it('creates the profile when a credit hold or a risk is recorded for an unknown customer; releasing a hold of an unknown one creates nothing', async () => {
      const { customers } = stores(name);
      const tenant = freshTenant();
      await customers.releaseCreditHold(tenant, 'C-0');
      assert.equal(await customers.get(tenant, 'C-0'), undefined);
      await customers.placeCreditHold(tenant, 'C-1', { since: '2026-11-02', reason: 'unpaid', by: 'finance@acme.example' });
      assert.deepEqual(await customers.get(tenant, 'C-1'), { tenantId: tenant, customerId: 'C-1', tags: [], creditHold: { since: '2026-11-02', reason: 'unpaid', by: 'finance@acme.example' }, updatedAt: '2026-11-02' });
      await customers.recordRisk(tenant, 'C-2', { score: 10, tier: 'low', assessedAt: '2026-11-03T00:00:00.000Z' });
      assert.deepEqual((await customers.get(tenant, 'C-2'))?.risk, { score: 10, tier: 'low', assessedAt: '2026-11-03T00:00:00.000Z' });
    });

    it('marks a credit-limit crossing once, refuses an unknown customer, and marks again after the mark is cleared', async () => {
      const { customers } = stores(name);
      const tenant = freshTenant();
      const alert = (day: string) => ({ type: 'customer.credit-limit-exceeded' as const, key: `credit-limit-exceeded:${day}`, at: `${day}T00:00:00.000Z`, detail: { customerId: 'C-1', currency: 'EUR', openBalance: 200, creditLimit: 100, score: 50, tier: 'high' as const } });
      const state = { since: '2026-11-04T00:00:00.000Z', balance: 200, currency: 'EUR' };
      assert.equal(await customers.markCreditLimitExceeded(tenant, 'C-1', state, alert('2026-11-04')), false, 'no profile: nothing to mark');
      await customers.put(profile(tenant, 'C-1'));
      assert.equal(await customers.markCreditLimitExceeded(tenant, 'C-1', state, alert('2026-11-04')), true);
      assert.equal(await customers.markCreditLimitExceeded(tenant, 'C-1', state, alert('2026-11-05')), false, 'one alert per crossing');
      await customers.clearCreditLimitExceeded(tenant, 'C-1');
      assert.equal((await customers.get(tenant, 'C-1'))?.creditLimitExceeded, undefined);
      assert.equal(await customers.markCreditLimitExceeded(tenant, 'C-1', state, alert('2026-11-06')), true);
    });

    it("lists every invoice stored for a customer, sorted, and none of another customer's or tenant's, without a profile", async () => {
      const { customers, invoiceBatch } = stores(name);
      const tenant = freshTenant();
      const other = freshTenant();
      const created = await invoiceBatch.createAll(
        [invoiceOf(tenant, 'N-2', 'C-1'), invoiceOf(tenant, 'N-1', 'C-1'), invoiceOf(tenant, 'N-3', 'C-2'), invoiceOf(other, 'N-4', 'C-1')].map((invoice) => ({ invoice, events: [invoiceCreatedEvent(invoice)] })),
      );
      assert.ok(created.every((result) => result.created));
      const taken = await invoiceBatch.createAll([{ invoice: invoiceOf(tenant, 'N-1', 'C-2'), events: [] }]);
      assert.equal(taken[0]?.created, false, 'a taken number lists nothing under the loser');
      assert.deepEqual(await customers.invoicesOf(tenant, 'C-1'), ['N-1', 'N-2']);
      assert.deepEqual(await customers.invoicesOf(tenant, 'C-2'), ['N-3']);
      assert.deepEqual(await customers.invoicesOf(tenant, 'C-9'), []);
      assert.equal(await customers.get(tenant, 'C-1'), undefined, 'listing needs no profile');
    });
  });
}
