import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { builtInProfiles } from '../../shared/imports/index.js';
import { forEachStore, uniqueTenant } from './support/stores.js';

// Digest settings, API keys and import profiles, held to the same behaviour on DynamoDB Local and in memory.

const newKey = () => randomBytes(32).toString('base64url');

forEachStore((_name, makeStores) => {
  it('digest settings: read back as put, for their tenant only; the tenant list follows the recipients', async () => {
    const { digests } = makeStores();
    const tenant = uniqueTenant();
    assert.equal(await digests.get(tenant), undefined);
    const settings = { tenantId: tenant, recipients: ['finance@acme.example'], topAccounts: 5, updatedAt: '2026-12-07T08:00:00.000Z' };
    await digests.put(settings);
    assert.deepEqual(await digests.get(tenant), settings);
    assert.equal(await digests.get(uniqueTenant()), undefined);
    assert.ok((await digests.subscribedTenants()).includes(tenant));
    await digests.put({ ...settings, recipients: [], updatedAt: '2026-12-08T08:00:00.000Z' });
    assert.deepEqual((await digests.get(tenant))?.recipients, []);
    assert.ok(!(await digests.subscribedTenants()).includes(tenant), 'a tenant with no recipients gets no digest');
  });

  it('digest weeks: claimed once per tenant and week, and claimable again once released', async () => {
    const { digests } = makeStores();
    const tenant = uniqueTenant();
    const at = '2026-12-07T06:00:00.000Z';
    const claims = await Promise.all(Array.from({ length: 5 }, () => digests.claimWeek(tenant, '2026-12-07', at)));
    assert.equal(claims.filter(Boolean).length, 1, 'one of five racing claims wins');
    assert.equal(await digests.claimWeek(tenant, '2026-11-30', at), true, 'another week is its own claim');
    assert.equal(await digests.claimWeek(uniqueTenant(), '2026-12-07', at), true, 'another tenant is its own claim');
    await digests.releaseWeek(tenant, '2026-12-07');
    assert.equal(await digests.claimWeek(tenant, '2026-12-07', at), true);
  });

  it('API keys: a key finds its tenant and its label, an unknown key finds none, and a key is stored only as its hash', async () => {
    const { apiKeys } = makeStores();
    const tenant = uniqueTenant();
    const key = newKey();
    assert.equal(await apiKeys.principalForKey(key), undefined);
    await apiKeys.put(key, tenant, 'erp');
    assert.deepEqual(await apiKeys.principalForKey(key), { tenantId: tenant, label: 'erp' });
    assert.equal(await apiKeys.principalForKey(newKey()), undefined);
    assert.equal(await apiKeys.principalForKey(key.slice(0, -1)), undefined, 'a prefix of a key is not the key');
  });

  it('import profiles: one per name, the last put wins, listed per tenant', async () => {
    const { importProfiles } = makeStores();
    const tenant = uniqueTenant();
    const [invoices, payments] = [builtInProfiles.find((p) => p.kind === 'invoices')!, builtInProfiles.find((p) => p.kind === 'payments')!];
    assert.equal(await importProfiles.get(tenant, 'erp'), undefined);
    assert.deepEqual(await importProfiles.list(tenant), []);
    await importProfiles.put(tenant, { ...invoices, name: 'erp' });
    await importProfiles.put(tenant, { ...invoices, name: 'erp', delimiter: ';' });
    await importProfiles.put(tenant, { ...payments, name: 'bank' });
    assert.deepEqual(await importProfiles.get(tenant, 'erp'), { ...invoices, name: 'erp', delimiter: ';' });
    assert.deepEqual((await importProfiles.list(tenant)).map((p) => p.name).sort(), ['bank', 'erp']);
    assert.deepEqual(await importProfiles.list(uniqueTenant()), []);
  });
});
