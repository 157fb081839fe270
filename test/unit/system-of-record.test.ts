import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, invoiceUpsertSchema, reviseInvoice, settleUpstream, upsertBodySchema, upsertInvoice, voidInvoice, type InvoiceUpsert } from '../../shared/imports/index.js';
import { reportInvoiceOf, agingReport } from '../../shared/reports/index.js';
import { businessEventOfItem } from '../../shared/events/index.js';
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

  it('records an upstream settlement as its own event (not a payment), closes the invoice at zero, and sends nothing after', async () => {
    const { deps, invoices, workflows, mailer, clock } = collectionSetup();
    await upsertInvoice(deps, TENANT, upsert(), API);
    const file = { via: 'file' as const, file: 'incoming/acme/open-items/2026-12-03.csv', line: 7 };
    assert.equal((await settleUpstream(deps, TENANT, 'INV-1001', 100000, file)).outcome, 'settled');
    assert.equal((await settleUpstream(deps, TENANT, 'INV-1001', 100000, file)).outcome, 'unchanged');
    assert.equal((await settleUpstream(deps, TENANT, 'INV-1001', 120000, file)).outcome, 'unchanged', 'a higher upstream balance never raises what is owed');
    assert.equal((await invoices.get(TENANT, 'INV-1001'))?.balance, 100000);
    const settled = await settleUpstream(deps, TENANT, 'INV-1001', 0, file);
    assert.equal(settled.invoice.status, 'settled-upstream');
    assert.deepEqual(workflows.stops.map((stop) => stop.reason), ['settled in the system of record']);
    const timeline = await invoices.timeline(TENANT, 'INV-1001');
    assert.equal(timeline.filter((event) => event.type === 'payment.received').length, 0);
    const events = timeline.filter((event) => event.type === 'invoice.settled-upstream');
    assert.deepEqual(events.map((event) => [event.detail?.['amount'], event.detail?.['balance']]).sort(), [[100000, 0], [25000, 100000]]);
    // As the table's stream relays the stored event item to the bus.
    const item = { pk: `T#${TENANT}#INV#INV-1001`, sk: `EVENT#${events[0]!.key}`, ...events[0]! };
    assert.equal(businessEventOfItem(item)?.type, 'invoice.settled_upstream');
    assert.deepEqual(businessEventOfItem(item)?.detail['source'], file);
    assert.deepEqual(events[0]?.detail?.['source'], file);
    clock.set('2026-12-20T08:00:00.000Z');
    assert.equal((await sendReminder(deps, TENANT, 'INV-1001', 'overdue-14-days')).outcome, 'skipped');
    assert.equal(mailer.sent.length, 0);
    // Reports: out of AR from the settlement's day, and never counted as collected cash.
    const row = reportInvoiceOf((await invoices.get(TENANT, 'INV-1001'))!, timeline);
    assert.deepEqual(row.payments, []);
    assert.equal(agingReport([row], '2026-12-20').totals.length, 0);
  });

  it('counts a void invoice out of aging from the day it was voided', async () => {
    const { deps, invoices, clock } = collectionSetup();
    await upsertInvoice(deps, TENANT, upsert(), API);
    clock.set('2026-12-10T08:00:00.000Z');
    await voidInvoice(deps, TENANT, 'INV-1001', { reason: 'duplicate of INV-1000' }, API);
    const row = reportInvoiceOf((await invoices.get(TENANT, 'INV-1001'))!, await invoices.timeline(TENANT, 'INV-1001'));
    assert.equal(agingReport([row], '2026-12-09').totals[0]?.total, 125000);
    assert.equal(agingReport([row], '2026-12-10').totals.length, 0);
  });
});
