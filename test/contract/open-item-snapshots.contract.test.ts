import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachStore, uniqueId, uniqueTenant } from './support/stores.js';

// The last applied open-item snapshot per tenant (shared/imports/open-item-snapshots.port.ts): the order
// that keeps an older snapshot from reopening or re-closing anything, on DynamoDB Local and in memory.

const mark = (jobId: string, order: string) => ({ jobId, order, file: `${jobId}.csv`, appliedAt: '2026-12-08T08:00:00.000Z' });

forEachStore((_name, makeStores) => {
  it('a later order advances the mark; an older or equal order of another job is stale; the same job resumes', async () => {
    const snapshots = makeStores().openItemSnapshots;
    const tenant = uniqueTenant();
    const [a, b, c] = [uniqueId('job'), uniqueId('job'), uniqueId('job')];
    assert.equal(await snapshots.last(tenant), undefined);
    assert.equal(await snapshots.advance(tenant, mark(a, 't#2026-12-08T08:00:00.000Z')), 'applied');
    assert.equal(await snapshots.advance(tenant, mark(b, 't#2026-12-07T08:00:00.000Z')), 'stale');
    assert.equal(await snapshots.advance(tenant, mark(c, 't#2026-12-08T08:00:00.000Z')), 'stale', 'the same order by another job');
    assert.equal(await snapshots.advance(tenant, mark(a, 't#2026-12-08T08:00:00.000Z')), 'applied', 'a resumed import');
    assert.equal(await snapshots.advance(tenant, mark(b, 'v#000000000000001')), 'applied', 'a numbered snapshot after timed ones');
    assert.deepEqual(await snapshots.last(tenant), mark(b, 'v#000000000000001'));
    assert.equal(await snapshots.last(uniqueTenant()), undefined, 'per tenant');
  });

  it('holds closes only on the current mark and confirms them once', async () => {
    const snapshots = makeStores().openItemSnapshots;
    const tenant = uniqueTenant();
    const [a, b] = [uniqueId('job'), uniqueId('job')];
    await snapshots.advance(tenant, mark(a, 'v#000000000000001'));
    assert.equal(await snapshots.hold(tenant, a, ['INV-1', 'INV-2']), true);
    assert.equal(await snapshots.hold(tenant, b, ['INV-3']), false);
    assert.deepEqual((await snapshots.last(tenant))?.awaiting, ['INV-1', 'INV-2']);
    assert.equal(await snapshots.confirm(tenant, b, '2026-12-08T09:00:00.000Z'), false);
    assert.equal(await snapshots.confirm(tenant, a, '2026-12-08T09:00:00.000Z'), true);
    assert.equal(await snapshots.confirm(tenant, a, '2026-12-08T09:01:00.000Z'), false, 'once');
    assert.equal((await snapshots.last(tenant))?.confirmedAt, '2026-12-08T09:00:00.000Z');
    await snapshots.advance(tenant, mark(b, 'v#000000000000002'));
    assert.equal(await snapshots.confirm(tenant, a, '2026-12-08T09:02:00.000Z'), false, 'a later snapshot replaced it');
  });
});
