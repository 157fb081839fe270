import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import {
  InMemoryImportJobs,
  InMemoryImportProfiles,
  InMemoryOpenItemSnapshots,
  RowMapper,
  builtInProfile,
  confirmOpenItems,
  importDroppedFile,
  importProfileSchema,
  snapshotOrder,
  type ImportDeps,
  type ImportFiles,
  type ImportReport,
} from '../../shared/imports/index.js';
import { mapOpenItem } from '../../shared/imports/index.js';
import { ArflowError } from '../../shared/kernel/index.js';
import { collectionSetup } from './fakes/collection-deps.js';

const TENANT = 'acme';
const HEADER = 'invoiceNumber,customerId,customerName,customerEmail,issueDate,dueDate,currency,amount,balance,sourceVersion';
const row = (number: string, amount: string, balance: string, version = '1', customer = 'C-1') => `${number},${customer},Acme GmbH,ap@acme.example,2026-11-01,2026-12-01,EUR,${amount},${balance},${version}`;
const codeOf = async (promise: Promise<unknown>) => promise.then(() => 'ok', (error: unknown) => (error instanceof ArflowError ? error.code : String(error)));

/** Files in memory, with S3's ETag (the content) and the import's own keys. */
function memoryFiles() {
  const objects = new Map<string, string>();
  const files: ImportFiles = {
    open: async (_bucket, key, _etag, offset) => Readable.from([Buffer.from(objects.get(key) ?? '').subarray(offset)]),
    head: async (_bucket, key) => (objects.has(key) ? { etag: `"${createHash('md5').update(objects.get(key)!).digest('hex')}"`, size: Buffer.byteLength(objects.get(key)!) } : undefined),
    getText: async (_bucket, key) => objects.get(key),
    put: async (_bucket, key, body) => void objects.set(key, body),
    delete: async (_bucket, key) => void objects.delete(key),
  };
  return { files, objects };
}

function setup() {
  const context = collectionSetup('2026-12-08T08:00:00.000Z');
  const { files, objects } = memoryFiles();
  const known = new Set<string>();
  const snapshots = new InMemoryOpenItemSnapshots();
  const profiles = new InMemoryImportProfiles();
  const deps: ImportDeps = {
    ...context.deps,
    files,
    jobs: new InMemoryImportJobs(),
    profiles,
    timer: { now: () => 0, sleep: async () => undefined },
    startsPerSecond: 1000,
    snapshots,
    // The report rows stand-in: every invoice a snapshot named, re-read by the use case.
    openInvoices: { openInvoiceNumbers: async () => [...known] },
  };
  let drops = 0;
  const drop = async (file: string, lines: string[]): Promise<ImportReport> => {
    const key = `incoming/${TENANT}/open-items/${file}`;
    objects.set(key, `${[HEADER, ...lines].join('\n')}\n`);
    for (const line of lines) known.add(line.split(',')[0]!);
    const result = await importDroppedFile(deps, { bucket: 'b', key, eventTime: `2026-12-08T08:00:${String(drops++).padStart(2, '0')}.000Z` }, { deadline: 900_000, token: `t${drops}` });
    assert.ok('report' in result, `expected a report, got ${JSON.stringify(result)}`);
    return result.report;
  };
  const invoice = (number: string) => context.invoices.get(TENANT, number);
  return { context, deps, drop, invoice, snapshots, profiles };
}

const ten = Array.from({ length: 10 }, (_, index) => row(`INV-${index + 1}`, '100.00', '100.00'));

describe('open-item snapshots', () => {
  it('creates unknown invoices and records a lower balance as an upstream settlement, not a payment', async () => {
    const { drop, invoice, context } = setup();
    const report = await drop('day1.csv', [row('INV-1', '100.00', '100.00'), row('INV-2', '100.00', '40.00')]);
    assert.equal(report.counts.imported, 2);
    assert.equal(report.counts.settledUpstream, 1);
    assert.equal((await invoice('INV-2'))?.balance, 4000);
    const timeline = await context.invoices.timeline(TENANT, 'INV-2');
    assert.ok(timeline.some((event) => event.type === 'invoice.settled-upstream'));
    assert.ok(!timeline.some((event) => event.type.startsWith('payment.')), 'no payment is recorded');
  });

  it('closes an open invoice the next snapshot leaves out as settled-upstream and stops its workflow', async () => {
    const { drop, invoice } = setup();
    await drop('day1.csv', ten);
    const report = await drop('day2.csv', ten.slice(1));
    assert.equal(report.counts.closedMissing, 1);
    assert.equal(report.counts.unchanged, 9);
    assert.equal(report.openItems?.state, 'applied');
    const closed = await invoice('INV-1');
    assert.equal(closed?.status, 'settled-upstream');
    assert.equal(closed?.balance, 0);
  });

  it('holds the closes when more than 20 % would close, lists them, and applies them once on confirm', async () => {
    const { drop, invoice, deps } = setup();
    await drop('day1.csv', ten);
    const report = await drop('day2.csv', ten.slice(3));
    assert.equal(report.openItems?.state, 'awaiting_confirmation');
    assert.deepEqual(report.openItems?.awaiting, ['INV-1', 'INV-2', 'INV-3']);
    assert.equal(report.counts.awaitingConfirmation, 3);
    assert.equal(report.counts.closedMissing, undefined);
    assert.equal((await invoice('INV-1'))?.status, 'open', 'nothing is closed before the confirmation');
    const confirmed = await confirmOpenItems(deps, TENANT, report.jobId);
    assert.deepEqual(confirmed, { outcome: 'confirmed', jobId: report.jobId, closed: 3, held: 3 });
    assert.equal((await invoice('INV-2'))?.status, 'settled-upstream');
    assert.deepEqual(await confirmOpenItems(deps, TENANT, report.jobId), { outcome: 'unchanged', jobId: report.jobId, closed: 0, held: 3 });
    assert.equal(await codeOf(confirmOpenItems(deps, 'globex', report.jobId)), 'not_found', "another tenant's job id is not found");
  });

  it("takes the share from the profile's maxCloseShare", async () => {
    const { drop, invoice, profiles } = setup();
    await profiles.put(TENANT, importProfileSchema.parse({ ...builtInProfile('arflow-open-items'), maxCloseShare: 0.5 }));
    await drop('day1.csv', ten);
    const report = await drop('day2.csv', ten.slice(3));
    assert.equal(report.counts.closedMissing, 3);
    assert.equal((await invoice('INV-3'))?.status, 'settled-upstream');
  });

  it('a confirmation of a snapshot a later one replaced is refused', async () => {
    const { drop, deps } = setup();
    await drop('day1.csv', ten);
    const held = await drop('day2.csv', ten.slice(5));
    await drop('day3.csv', [...ten, row('INV-11', '100.00', '100.00')]);
    assert.equal(await codeOf(confirmOpenItems(deps, TENANT, held.jobId)), 'snapshot_superseded');
  });

  it('reports a higher balance without raising it, and a closed invoice listed again is not reopened', async () => {
    const { drop, invoice } = setup();
    await drop('day1.csv', [row('INV-1', '100.00', '50.00'), row('INV-2', '100.00', '100.00'), ...ten.slice(2)]);
    const report = await drop('day2.csv', [row('INV-1', '100.00', '80.00'), ...ten.slice(2)]);
    assert.equal(report.counts.higherBalance, 1);
    assert.equal((await invoice('INV-1'))?.balance, 5000);
    assert.equal((await invoice('INV-2'))?.status, 'settled-upstream');
    const again = await drop('day3.csv', [row('INV-1', '100.00', '50.00'), row('INV-2', '100.00', '100.00', '2'), ...ten.slice(2)]);
    assert.equal(again.counts.higherBalance, 1, 'the closed INV-2 listed with a balance is reported');
    assert.equal((await invoice('INV-2'))?.status, 'settled-upstream');
  });

  it('applies a corrected amount through the upsert (a real increase comes as a new version)', async () => {
    const { drop, invoice } = setup();
    await drop('day1.csv', ten);
    const report = await drop('day2.csv', [row('INV-1', '150.00', '150.00', '2'), ...ten.slice(1)]);
    assert.equal(report.counts.updated, 1);
    assert.equal(report.counts.higherBalance, undefined);
    assert.equal((await invoice('INV-1'))?.balance, 15000);
  });

  it('an older snapshot than the last applied one is stale and changes nothing', async () => {
    const { drop, invoice } = setup();
    await drop('open.v2.csv', ten.slice(1));
    const stale = await drop('open.v1.csv', [row('INV-1', '100.00', '100.00'), row('INV-2', '100.00', '10.00')]);
    assert.equal(stale.openItems?.state, 'stale');
    assert.equal(stale.counts.staleSnapshot, 1);
    assert.equal(stale.counts.read, 0);
    assert.equal(await invoice('INV-1'), undefined);
    assert.equal((await invoice('INV-2'))?.balance, 10000);
  });

  it('re-dropping the same snapshot changes nothing', async () => {
    const { drop } = setup();
    await drop('day1.csv', ten);
    await drop('day2.csv', ten.slice(1));
    const again = await drop('day2-copy.csv', ten.slice(1));
    assert.equal(again.status, 'duplicate');
  });

  it('rejects bad rows with their line and field, and a rejected row never closes its invoice', async () => {
    const { drop, invoice } = setup();
    await drop('day1.csv', ten);
    const report = await drop('day2.csv', [row('INV-1', '100.00', 'abc'), row('INV-2', '100.00', '120.00'), ...ten.slice(2)]);
    assert.equal(report.counts.rejected, 2);
    assert.equal(report.counts.closedMissing, 0);
    assert.equal((await invoice('INV-1'))?.status, 'open');
  });

  it('a file that breaks off closes nothing', async () => {
    const { drop, invoice } = setup();
    await drop('day1.csv', ten);
    const report = await drop('day2.csv', [ten[1]!, '"unterminated,quote']);
    assert.equal(report.openItems?.state, 'incomplete');
    assert.equal((await invoice('INV-1'))?.status, 'open');
  });
});

describe('open-item rows and order', () => {
  it('orders a file by its .v<n>. version, else by its drop time, versions after times', () => {
    assert.equal(snapshotOrder('2026/open-items.v42.csv', '2026-12-08T08:00:00.000Z'), 'v#000000000000042');
    assert.equal(snapshotOrder('open-items.csv', '2026-12-08T08:00:00.000Z'), 't#2026-12-08T08:00:00.000Z');
    assert.ok(snapshotOrder('a.v1.csv', 'x') > snapshotOrder('b.csv', '2099-01-01T00:00:00.000Z'));
  });

  it('maps a JSON Lines row (the PUT body plus balance in minor units) and refuses a balance above the amount', () => {
    const mapper = new RowMapper(builtInProfile('arflow-open-items-jsonl')!);
    const body = { invoiceNumber: 'INV-1', customer: { id: 'C-1', name: 'Acme', email: 'ap@acme.example' }, issueDate: '2026-11-01', dueDate: '2026-12-01', currency: 'EUR', amount: 10000, sourceVersion: 3 };
    const mapped = mapOpenItem(mapper, { ...body, balance: 2500 });
    assert.ok(mapped.ok);
    assert.equal(mapped.value.balance, 2500);
    assert.equal(mapped.value.input.sourceVersion, 3);
    const above = mapOpenItem(mapper, { ...body, balance: 20000 });
    assert.ok(!above.ok && above.reason.startsWith('balance:'));
    const missing = mapOpenItem(mapper, body);
    assert.ok(!missing.ok && missing.reason.includes('balance'));
  });

  it('the in-memory snapshot mark: a later order advances, an older or equal one of another job is stale, the same job resumes', async () => {
    const marks = new InMemoryOpenItemSnapshots();
    const mark = (jobId: string, order: string) => ({ jobId, order, file: 'f.csv', appliedAt: '2026-12-08T08:00:00.000Z' });
    assert.equal(await marks.advance(TENANT, mark('a', 't#2')), 'applied');
    assert.equal(await marks.advance(TENANT, mark('b', 't#1')), 'stale');
    assert.equal(await marks.advance(TENANT, mark('c', 't#2')), 'stale');
    assert.equal(await marks.advance(TENANT, mark('a', 't#2')), 'applied');
    assert.equal(await marks.hold(TENANT, 'b', ['X']), false);
    assert.equal(await marks.hold(TENANT, 'a', ['X']), true);
    assert.equal(await marks.confirm(TENANT, 'a', 'now'), true);
    assert.equal(await marks.confirm(TENANT, 'a', 'now'), false);
  });
});
