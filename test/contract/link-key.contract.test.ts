import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachStore, uniqueTenant } from './support/stores.js';

forEachStore((_name, makeStores) => {
  it('creates a tenant key on first use and gives the same one afterwards, also to ten concurrent first uses', async () => {
    const stores = makeStores();
    const tenantId = uniqueTenant();
    const keys = await Promise.all(Array.from({ length: 10 }, () => stores.linkKeys.linkKey(tenantId)));
    assert.equal(new Set(keys).size, 1);
    assert.equal(await stores.linkKeys.linkKey(tenantId), keys[0]);
    assert.ok(keys[0]!.length >= 32, 'a key long enough to sign with');
  });

  it('gives each tenant its own key', async () => {
    const stores = makeStores();
    assert.notEqual(await stores.linkKeys.linkKey(uniqueTenant()), await stores.linkKeys.linkKey(uniqueTenant()));
  });
});
