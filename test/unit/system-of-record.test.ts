import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, invoiceUpsertSchema, reviseInvoice, upsertBodySchema, upsertInvoice, voidInvoice, type InvoiceUpsert } from '../../shared/imports/index.js';
import { recordPayment } from '../../shared/payments/index.js';
import { sendReminder } from '../../shared/reminders/index.js';
import { ArflowError } from '../../shared/kernel/index.js';
import { collectionSetup } from './fakes/collection-deps.js';
import { contractExample, openInvoice } from './fixtures.js';

const TENANT = 'acme';
const API = { via: 'api' as const, apiKey: 'erp-sync' };
const upsert = (overrides: Record<string, unknown> = {}): InvoiceUpsert => invoiceUpsertSchema.parse({ ...contractExample(), ...overrides });
const codeOf = async (promise: Promise<unknown>) => promise.then(() => 'ok', (error: unknown) => (error instanceof ArflowError ? error.code : String(error)));

describe('reviseInvoice: the system of record version of a stored invoice', () => {
  const now = new Date('2026-12-05T10:00:00.000Z');

  it('is stale for an older sourceVersion and changes nothing', () => {
    const before = openInvoice({ sourceVersion: 5 });
    assert.deepEqual(reviseInvoice(before, upsert({ amount: 1 }), { sourceVersion: 4 }, API, now), { outcome: 'stale' });
  });

  it('orders by sourceUpdatedAt when both sides carry a time, and applies unversioned changes in arrival order', () => {
    assert.equal(compareVersions({ sourceUpdatedAt: '2026-12-01T00:00:00.000Z' }, { sourceUpdatedAt: '2026-11-30T23:59:59.000Z' }), 'older');
    assert.equal(compareVersions({ sourceVersion: 3 }, { sourceVersion: 3 }), 'same');
    assert.equal(compareVersions({ sourceVersion: 3 }, {}), 'unordered');
  });

  it('refuses the same version with other content as source_version_reused', () => {
    const before = openInvoice({ sourceVersion: 5 });
    assert.throws(() => reviseInvoice(before, upsert({ amount: 99 }), { sourceVersion: 5 }, API, now), (error: ArflowError) => error.code === 'source_version_reused');
  });

  it('records a newer version of the same content as unchanged', () => {
    const revision = reviseInvoice(openInvoice({ sourceVersion: 1 }), upsert(), { sourceVersion: 2 }, API, now);
    assert.equal(revision.outcome, 'unchanged');
    assert.equal(revision.outcome === 'unchanged' && revision.after?.sourceVersion, 2);
  });

  it('moves the balance with the amount, keeps what was paid, re-plans on a new revision and names the source', () => {
    const before = openInvoice({ balance: 100000, revision: 3 });
    const revision = reviseInvoice(before, upsert({ amount: 150000, dueDate: '2026-12-15' }), { sourceVersion: 2 }, API, now);
    assert.equal(revision.outcome, 'updated');
    if (revision.outcome !== 'updated') return;
    assert.equal(revision.after.balance, 125000);
    assert.equal(revision.after.revision, 4);
    assert.equal(revision.replan, true);
    assert.deepEqual(revision.after.created, { amount: 125000, currency: 'EUR', dueDate: '2026-12-01' });
    const updated = revision.events.find((event) => event.type === 'invoice.updated');
    assert.deepEqual(updated?.detail?.['changed'], ['amount', 'dueDate']);
    assert.deepEqual(updated?.detail?.['source'], API);
  });

  it('closes an invoice as paid when the amount is lowered to what was already paid', () => {
    const before = openInvoice({ balance: 25000 });
    const revision = reviseInvoice(before, upsert({ amount: 100000 }), {}, API, now);
    assert.ok(revision.outcome === 'updated');
    assert.equal(revision.after.status, 'paid');
    assert.equal(revision.after.balance, 0);
    assert.equal(revision.closed, true);
    assert.equal(revision.replan, false);
  });

  it('stores a correction of an invoice that is no longer open without reopening it', () => {
    const before = openInvoice({ status: 'void', balance: 0 });
    const revision = reviseInvoice(before, upsert({ amount: 200000 }), {}, API, now);
    assert.ok(revision.outcome === 'updated');
    assert.equal(revision.after.status, 'void');
    assert.equal(revision.after.balance, 0);
    assert.equal(revision.replan, false);
  });

  it('refuses a change of currency with the field', () => {
    assert.throws(() => reviseInvoice(openInvoice(), upsert({ currency: 'USD' }), {}, API, now), (error: ArflowError & { issues?: { path: string }[] }) => error.issues?.[0]?.path === 'currency');
  });
});

describe('PUT /invoices/{invoiceNumber} body', () => {
  it('takes the number from the path when the body leaves it out, and refuses another number with the field', () => {
    const { invoiceNumber: _number, ...body } = contractExample();
    assert.equal(upsertBodySchema('INV-1001').parse(body).invoiceNumber, 'INV-1001');
    const other = upsertBodySchema('INV-1002').safeParse(contractExample());
    assert.equal(other.success, false);
    assert.deepEqual(other.error?.issues.map((issue) => issue.path.join('.')), ['invoiceNumber']);
  });

  it('refuses a negative or fractional sourceVersion and a sourceUpdatedAt that is not a date-time', () => {
    for (const bad of [{ sourceVersion: -1 }, { sourceVersion: 1.5 }, { sourceVersion: '3' }, { sourceUpdatedAt: '2026-12-01' }]) {
      const result = upsertBodySchema('INV-1001').safeParse({ ...contractExample(), ...bad });
      assert.equal(result.success, false, JSON.stringify(bad));
      assert.equal(result.error?.issues[0]?.path[0], Object.keys(bad)[0]);
    }
  });
});

describe('upsertInvoice and voidInvoice', () => {
  it('creates, updates, answers unchanged and stale, and re-plans the workflow on the new revision', async () => {
    const { deps, workflows, invoices } = collectionSetup();
    assert.equal((await upsertInvoice(deps, TENANT, upsert({ sourceVersion: 1 }), API)).outcome, 'created');
    assert.equal((await upsertInvoice(deps, TENANT, upsert({ sourceVersion: 1 }), API)).outcome, 'unchanged');
    const updated = await upsertInvoice(deps, TENANT, upsert({ sourceVersion: 3, amount: 130000 }), API);
    assert.equal(updated.outcome, 'updated');
    assert.equal((await upsertInvoice(deps, TENANT, upsert({ sourceVersion: 2, amount: 1 }), API)).outcome, 'stale');
    const stored = await invoices.get(TENANT, 'INV-1001');
    assert.equal(stored?.amount, 130000);
    assert.equal(stored?.sourceVersion, 3);
    assert.deepEqual(workflows.stops.map((stop) => stop.reason), ['corrected by the system of record']);
    assert.deepEqual(workflows.starts.map((start) => start.revision), [2]);
    const timeline = await invoices.timeline(TENANT, 'INV-1001');
    assert.equal(timeline.find((event) => event.type === 'invoice.created')?.detail?.['amount'], 125000);
  });

  it('voids an open invoice once (then unchanged), stops its workflow, and refuses a paid one with invoice_paid', async () => {
    const { deps, workflows } = collectionSetup();
    await upsertInvoice(deps, TENANT, upsert(), API);
    const request = { reason: 'issued in error' };
    assert.equal((await voidInvoice(deps, TENANT, 'INV-1001', request, API)).outcome, 'voided');
    assert.equal((await voidInvoice(deps, TENANT, 'INV-1001', request, API)).outcome, 'unchanged');
    assert.deepEqual(workflows.stops.map((stop) => stop.reason), ['voided by the system of record']);
    await upsertInvoice(deps, TENANT, upsert({ invoiceNumber: 'INV-2' }), API);
    await recordPayment(deps, TENANT, { invoiceNumber: 'INV-2', amount: 125000, currency: 'EUR', paidAt: '2026-12-02' });
    assert.equal(await codeOf(voidInvoice(deps, TENANT, 'INV-2', request, API)), 'invoice_paid');
    assert.equal(await codeOf(voidInvoice(deps, TENANT, 'NOPE', request, API)), 'not_found');
  });

  it('sends no reminder for a void invoice, and the next notice of a corrected one shows the new balance', async () => {
    const { deps, mailer, clock } = collectionSetup();
    await upsertInvoice(deps, TENANT, upsert(), API);
    await upsertInvoice(deps, TENANT, upsert({ invoiceNumber: 'INV-2' }), API);
    clock.set('2026-12-08T08:00:00.000Z');
    await voidInvoice(deps, TENANT, 'INV-2', { reason: 'cancelled order' }, API);
    assert.equal((await sendReminder(deps, TENANT, 'INV-2', 'overdue-7-days')).outcome, 'skipped');
    await upsertInvoice(deps, TENANT, upsert({ amount: 98765 }), API);
    assert.equal((await sendReminder(deps, TENANT, 'INV-1001', 'overdue-7-days')).outcome, 'sent');
    assert.equal(mailer.sent.length, 1);
    assert.match(mailer.sent[0]!.text ?? '', /987,65/);
  });

  it('resolves two versions racing by version, not by arrival: the older loses even when it writes second', async () => {
    const { deps, invoices, invoiceRevisions } = collectionSetup();
    await upsertInvoice(deps, TENANT, upsert({ sourceVersion: 1 }), API);
    // Version 3 lands between version 2's read and its write.
    let once = true;
    invoiceRevisions.beforeWrite = async () => {
      if (!once) return;
      once = false;
      await upsertInvoice(deps, TENANT, upsert({ sourceVersion: 3, amount: 300000 }), API);
    };
    assert.equal((await upsertInvoice(deps, TENANT, upsert({ sourceVersion: 2, amount: 200000 }), API)).outcome, 'stale');
    assert.equal((await invoices.get(TENANT, 'INV-1001'))?.amount, 300000);
  });
});
