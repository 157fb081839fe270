import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ImportJob } from '../../shared/imports/index.js';
import { forEachStore, uniqueId, uniqueTenant } from './support/stores.js';

// Import checkpoints and leases (S3 delivers a drop at least once; a Lambda can die mid-file), held to
// the same behaviour on DynamoDB Local and in memory.

function aJob(tenantId: string, overrides: Partial<ImportJob> = {}): ImportJob {
  return {
    tenantId,
    jobId: uniqueId('job'),
    kind: 'invoices',
    profile: 'arflow-invoices',
    file: 'march.csv',
    source: { bucket: 'drops', key: `incoming/${tenantId}/invoices/march.csv`, etag: '"abc"', size: 1200 },
    status: 'running',
    position: { offset: 0, line: 1 },
    counts: { read: 0, imported: 0, unchanged: 0, rejected: 0 },
    rejectParts: [],
    startedAt: '2026-12-07T08:00:00.000Z',
    processingMs: 0,
    invocations: 1,
    ...overrides,
  };
}

forEachStore((_name, makeStores) => {
  it('one invocation holds a job: a second is busy until the lease runs out, then resumes where the first saved', async () => {
    let now = 1_000_000;
    const jobs = makeStores().importJobs(() => now);
    const job = aJob(uniqueTenant());
    const first = { token: 'first', until: now + 60_000 };
    assert.equal((await jobs.begin(job, first)).state, 'new');
    const saved = { ...job, position: { offset: 600, line: 11, header: ['invoiceNumber', 'amount'] }, counts: { read: 10, imported: 9, unchanged: 0, rejected: 1 }, rejectParts: [1] };
    assert.equal(await jobs.save(saved, first), true);
    assert.equal((await jobs.begin(job, { token: 'second', until: now + 60_000 })).state, 'busy');
    now += 61_000;
    const second = { token: 'second', until: now + 60_000 };
    const resumed = await jobs.begin(job, second);
    assert.equal(resumed.state, 'resumed');
    assert.deepEqual(resumed.job, saved, 'the second invocation starts from the first one\'s checkpoint');
    assert.equal(await jobs.save({ ...saved, counts: { ...saved.counts, read: 99 } }, first), false, 'the first lost its lease and writes nothing');
    assert.equal(await jobs.save({ ...saved, status: 'completed', finishedAt: '2026-12-07T08:05:00.000Z' }, second), true);
    assert.deepEqual(await jobs.get(job.tenantId, job.jobId), { ...saved, status: 'completed', finishedAt: '2026-12-07T08:05:00.000Z' }, 'get answers the job without its lease');
  });

  it('a released job is resumed at once, a finished one is never resumed, and only the holder releases', async () => {
    const now = 5_000_000;
    const jobs = makeStores().importJobs(() => now);
    const job = aJob(uniqueTenant());
    const lease = { token: 'a', until: now + 60_000 };
    await jobs.begin(job, lease);
    await jobs.release(job, { token: 'not-the-holder', until: now + 60_000 });
    assert.equal((await jobs.begin(job, { token: 'b', until: now + 60_000 })).state, 'busy', 'a release by another token leaves the lease');
    await jobs.release(job, lease);
    const next = { token: 'c', until: now + 60_000 };
    assert.equal((await jobs.begin(job, next)).state, 'resumed');
    await jobs.save({ ...job, status: 'failed', error: { code: 'file_changed', message: 'overwritten during the import' } }, next);
    await jobs.release(job, next);
    const finished = await jobs.begin(job, { token: 'd', until: now + 60_000 });
    assert.equal(finished.state, 'finished');
    assert.equal(finished.job.status, 'failed');
  });

  it('racing begins of one new job: exactly one is new', async () => {
    const now = 9_000_000;
    const jobs = makeStores().importJobs(() => now);
    const job = aJob(uniqueTenant());
    const states = await Promise.all(['a', 'b', 'c', 'd'].map((token) => jobs.begin(job, { token, until: now + 60_000 }).then((answer) => answer.state)));
    assert.deepEqual(states.filter((state) => state === 'new').length, 1);
    assert.deepEqual(states.filter((state) => state === 'busy').length, 3);
  });

  it('content is claimed by the first job that imports it, per tenant', async () => {
    const jobs = makeStores().importJobs(() => 0);
    const tenant = uniqueTenant();
    const first = aJob(tenant);
    const again = aJob(tenant, { source: { ...first.source, key: `incoming/${tenant}/invoices/march-copy.csv` } });
    assert.deepEqual(await jobs.claimContent(tenant, 'invoices/sha-1', first), { jobId: first.jobId, key: first.source.key });
    assert.deepEqual(await jobs.claimContent(tenant, 'invoices/sha-1', again), { jobId: first.jobId, key: first.source.key }, 'the copy is told who imported it first');
    const other = uniqueTenant();
    const theirs = aJob(other);
    assert.deepEqual(await jobs.claimContent(other, 'invoices/sha-1', theirs), { jobId: theirs.jobId, key: theirs.source.key }, 'another tenant\'s identical file is its own');
    assert.equal(await jobs.get(tenant, 'no-such-job'), undefined);
  });
});
