import assert from 'node:assert/strict';
import { it } from 'node:test';
import { reviseInvoice, type InvoiceUpsert } from '../../shared/imports/index.js';
import { invoiceInputSchema } from '../../shared/invoicing/index.js';
import { event, pay, storedInvoice } from './support/fixtures.js';
import { count, forEachStore, uniqueId, uniqueTenant } from './support/stores.js';
import { contractExample } from '../unit/fixtures.js';

const AT = new Date('2026-12-08T08:00:00.000Z');
const SOURCE = { via: 'api' as const, apiKey: 'erp' };
const content = (overrides: Record<string, unknown> = {}): InvoiceUpsert => invoiceInputSchema.parse({ ...contractExample(), ...overrides });

forEachStore((_name, makeStores) => {
  it('stores a correction with its events: new content, balance, revision and version; the creation event keeps the first terms', async () => {
    const stores = makeStores();
    const before = await storedInvoice(stores, uniqueTenant());
    const revision = reviseInvoice(before, content({ amount: 150000, dueDate: '2026-12-20', poNumber: undefined, metadata: { erp: 'x' } }), { sourceVersion: 2 }, SOURCE, AT);
    assert.ok(revision.outcome === 'updated');
    assert.equal(await stores.invoiceRevisions.revise(before, revision.after, revision.events), true);
    const stored = await stores.invoices.get(before.tenantId, before.invoiceNumber);
    assert.equal(stored?.amount, 150000);
    assert.equal(stored?.balance, 150000);
    assert.equal(stored?.dueDate, '2026-12-20');
    assert.equal(stored?.poNumber, undefined);
    assert.deepEqual(stored?.metadata, { erp: 'x' });
    assert.equal(stored?.sourceVersion, 2);
    assert.equal(stored?.revision, before.revision + 1);
    const timeline = await stores.invoices.timeline(before.tenantId, before.invoiceNumber);
    assert.ok(timeline.some((entry) => entry.type === 'invoice.updated'));
    assert.deepEqual(stored?.created, { amount: 125000, currency: 'EUR', dueDate: '2026-12-01' });
  });

  it('refuses a correction when the invoice changed after it was read (a payment, another version)', async () => {
    const stores = makeStores();
    const before = await storedInvoice(stores, uniqueTenant());
    await pay(stores, before, uniqueId('pay'), 100);
    const revision = reviseInvoice(before, content({ amount: 150000 }), { sourceVersion: 2 }, SOURCE, AT);
    assert.ok(revision.outcome === 'updated');
    assert.equal(await stores.invoiceRevisions.revise(before, revision.after, revision.events), false);
    assert.equal((await stores.invoices.get(before.tenantId, before.invoiceNumber))?.amount, 125000);
  });

  it('lets exactly one of two corrections read from the same state land', async () => {
    const stores = makeStores();
    const before = await storedInvoice(stores, uniqueTenant());
    const writes = [2, 3].map((version) => {
      const revision = reviseInvoice(before, content({ amount: 100000 + version }), { sourceVersion: version }, SOURCE, AT);
      assert.ok(revision.outcome === 'updated');
      return stores.invoiceRevisions.revise(before, revision.after, revision.events);
    });
    assert.equal(count(await Promise.all(writes), true), 1);
  });

  it('voids an open invoice as read, and the claim of a notice then fails as invoice-changed', async () => {
    const stores = makeStores();
    const before = await storedInvoice(stores, uniqueTenant());
    const at = AT.toISOString();
    assert.equal(await stores.invoiceRevisions.changeStanding(before, { status: 'void', balance: 0, updatedAt: at }, [event('invoice.voided', at, 'invoice.voided')]), true);
    assert.equal(await stores.invoiceRevisions.changeStanding(before, { status: 'void', balance: 0, updatedAt: at }, []), false);
    assert.deepEqual(await stores.noticeLedger.claimNotice(before, 'overdue-1', AT), { claimed: false, reason: 'invoice-changed' });
    const stored = await stores.invoices.get(before.tenantId, before.invoiceNumber);
    assert.equal(stored?.status, 'void');
    assert.equal(stored?.balance, 0);
  });

  it('refuses the claim as invoice-changed when a correction committed after the invoice was read, even with the same balance', async () => {
    const stores = makeStores();
    const before = await storedInvoice(stores, uniqueTenant());
    const revision = reviseInvoice(before, content({ paymentLinkUrl: 'https://pay.example/new' }), {}, SOURCE, AT);
    assert.ok(revision.outcome === 'updated');
    assert.equal(await stores.invoiceRevisions.revise(before, revision.after, revision.events), true);
    assert.deepEqual(await stores.noticeLedger.claimNotice(before, 'overdue-1', AT), { claimed: false, reason: 'invoice-changed' });
    assert.deepEqual(await stores.noticeLedger.claimNotice(revision.after, 'overdue-1', AT), { claimed: true });
  });
});
