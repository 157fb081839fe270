import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshTenant, layoutStores, storeNames } from './layout-stores.js';

const stores = layoutStores();

for (const name of storeNames) {
  describe(`ContactDays contract (${name})`, () => {
    it('gives a free day to the first invoice, keeps it for that invoice on a retry, and refuses another invoice', async () => {
      const { contactDays } = stores(name);
      const tenant = freshTenant();
      assert.equal(await contactDays.contactedOn(tenant, 'C-1', '2026-12-02'), undefined);
      assert.equal(await contactDays.claimContactDay(tenant, 'C-1', '2026-12-02', 'A-1'), true);
      assert.equal(await contactDays.claimContactDay(tenant, 'C-1', '2026-12-02', 'A-1'), true, 'a retried task keeps its claim');
      assert.equal(await contactDays.claimContactDay(tenant, 'C-1', '2026-12-02', 'B-1'), false);
      assert.deepEqual(await contactDays.contactedOn(tenant, 'C-1', '2026-12-02'), { invoiceNumber: 'A-1' });
      assert.equal(await contactDays.claimContactDay(tenant, 'C-1', '2026-12-03', 'B-1'), true, 'another day is free');
      assert.equal(await contactDays.claimContactDay(tenant, 'C-2', '2026-12-02', 'B-1'), true, 'another customer is free');
    });

    it('frees a day only when its holder releases it', async () => {
      const { contactDays } = stores(name);
      const tenant = freshTenant();
      await contactDays.claimContactDay(tenant, 'C-1', '2026-12-02', 'A-1');
      await contactDays.releaseContactDay(tenant, 'C-1', '2026-12-02', 'B-1');
      assert.deepEqual(await contactDays.contactedOn(tenant, 'C-1', '2026-12-02'), { invoiceNumber: 'A-1' }, 'another invoice cannot release it');
      await contactDays.releaseContactDay(tenant, 'C-1', '2026-12-02', 'A-1');
      assert.equal(await contactDays.contactedOn(tenant, 'C-1', '2026-12-02'), undefined);
      assert.equal(await contactDays.claimContactDay(tenant, 'C-1', '2026-12-02', 'B-1'), true);
      await contactDays.releaseContactDay(tenant, 'C-9', '2026-12-02', 'B-1');
    });

    it('gives a day to exactly one of many invoices claiming it at once', async () => {
      const { contactDays } = stores(name);
      const tenant = freshTenant();
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => contactDays.claimContactDay(tenant, 'C-1', '2026-12-02', `R-${i}`)));
      assert.equal(claims.filter(Boolean).length, 1);
      const holder = await contactDays.contactedOn(tenant, 'C-1', '2026-12-02');
      assert.equal(holder?.invoiceNumber, `R-${claims.indexOf(true)}`);
    });
  });
}
