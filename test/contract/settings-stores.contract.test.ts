import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { builtInProfiles } from '../../shared/imports/index.js';
import { apiKeyIdOf } from '../../shared/identity/index.js';
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
    assert.deepEqual(await apiKeys.principalForKey(key), { tenantId: tenant, label: 'erp', scopes: ['admin'], expiresAt: null, id: apiKeyIdOf(key) }, 'a key put without scopes is an admin key, as every key was');
    assert.equal(await apiKeys.principalForKey(newKey()), undefined);
    assert.equal(await apiKeys.principalForKey(key.slice(0, -1)), undefined, 'a prefix of a key is not the key');
  });

  it('API keys: listed per tenant in pages without secrets, revoked only by their tenant, last use only moving forward', async () => {
    const { apiKeys } = makeStores();
    const [tenant, other] = [uniqueTenant(), uniqueTenant()];
    const made = [];
    for (let i = 0; i < 3; i++) made.push({ secret: newKey(), record: await apiKeys.put(newKey(), tenant, `key ${i}`, { scopes: ['read'], expiresAt: '2027-01-01T00:00:00.000Z', createdBy: 'ana@acme.example' }) });
    const otherKey = newKey();
    const otherRecord = await apiKeys.put(otherKey, other, 'other', { scopes: ['ingest'] });
    const first = await apiKeys.list(tenant, { limit: 2 });
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const second = await apiKeys.list(tenant, { limit: 2, cursor: first.nextCursor });
    const ids = [...first.items, ...second.items].map((k) => k.id);
    assert.deepEqual([...ids].sort(), made.map((m) => m.record.id).sort(), 'every key once, none of the other tenant');
    assert.ok(!JSON.stringify([first, second]).includes('keyHash'));
    assert.deepEqual(first.items[0]!.scopes, ['read']);
    assert.equal(first.items[0]!.createdBy, 'ana@acme.example');
    assert.equal(await apiKeys.revoke(tenant, otherRecord.id), false, 'a tenant cannot revoke another tenant\'s key');
    assert.ok(await apiKeys.principalForKey(otherKey));
    await apiKeys.recordUse(other, otherRecord.id, '2026-12-07T10:00:00.000Z');
    await apiKeys.recordUse(other, otherRecord.id, '2026-12-07T09:00:00.000Z');
    assert.equal((await apiKeys.list(other, { limit: 10 })).items[0]!.lastUsedAt, '2026-12-07T10:00:00.000Z');
    assert.equal(await apiKeys.revoke(other, otherRecord.id), true);
    assert.equal(await apiKeys.principalForKey(otherKey), undefined);
    assert.deepEqual((await apiKeys.list(other, { limit: 10 })).items, []);
    await apiKeys.recordUse(other, otherRecord.id, '2026-12-07T11:00:00.000Z');
    assert.deepEqual((await apiKeys.list(other, { limit: 10 })).items, [], 'a last use does not bring a revoked key back');
    await assert.rejects(apiKeys.list(tenant, { limit: 2, cursor: 'garbage' }), /cursor is invalid/);
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
