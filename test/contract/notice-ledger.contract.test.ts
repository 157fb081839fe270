import assert from 'node:assert/strict';
import { it } from 'node:test';
import { event, LARGE_TEXT, MORE_THAN_A_PAGE, pay, storedInvoice } from './support/fixtures.js';
import { count, forEachStore, uniqueId, uniqueTenant } from './support/stores.js';

const AT = new Date('2026-12-08T08:00:00.000Z');

forEachStore((_name, makeStores) => {
  it('claims a stage of an open invoice once: a second claim of that stage is already-claimed', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    assert.deepEqual(await stores.noticeLedger.claimNotice(invoice, 'overdue-1', AT), { claimed: true });
    assert.deepEqual(await stores.noticeLedger.claimNotice(invoice, 'overdue-1', AT), { claimed: false, reason: 'already-claimed' });
    assert.deepEqual(await stores.noticeLedger.notices(invoice.tenantId, invoice.invoiceNumber), [{ stage: 'overdue-1', status: 'claimed', at: AT.toISOString() }]);
  });

  it('lets exactly one of ten concurrent claims of a stage win', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => stores.noticeLedger.claimNotice(invoice, 'overdue-1', AT)));
    assert.equal(count(outcomes.map((outcome) => outcome.claimed), true), 1);
    assert.ok(outcomes.every((outcome) => outcome.claimed || outcome.reason === 'already-claimed'));
  });

  it('refuses the claim as invoice-changed when the invoice was paid after it was read', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    await pay(stores, invoice, uniqueId('pay'), invoice.balance);
    assert.deepEqual(await stores.noticeLedger.claimNotice(invoice, 'overdue-1', AT), { claimed: false, reason: 'invoice-changed' });
    assert.deepEqual(await stores.noticeLedger.notices(invoice.tenantId, invoice.invoiceNumber), []);
  });

  it('refuses the claim as invoice-changed when a part payment changed the balance it was read with', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    await pay(stores, invoice, uniqueId('pay'), 100);
    assert.deepEqual(await stores.noticeLedger.claimNotice(invoice, 'overdue-1', AT), { claimed: false, reason: 'invoice-changed' });
  });

  it('refuses the claim as invoice-changed while the invoice has an open dispute', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const at = '2026-12-07T10:00:00.000Z';
    const dispute = { id: uniqueId('dispute'), status: 'open' as const, reason: 'wrong quantity', openedAt: at };
    assert.equal(await stores.customerLinks.recordCustomerRequest(invoice, { dispute, updatedAt: at }, undefined, 'dispute', [event('invoice.disputed', at, `invoice.disputed:${dispute.id}`)]), 'recorded');
    assert.deepEqual(await stores.noticeLedger.claimNotice(invoice, 'overdue-1', AT), { claimed: false, reason: 'invoice-changed' });
  });

  it('refuses the claim while the invoice is paused past the claim time, and allows it once the pause has ended', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const at = '2026-12-07T10:00:00.000Z';
    assert.equal(await stores.customerLinks.recordCustomerRequest(invoice, { pausedUntil: '2026-12-10T00:00:00.000Z', updatedAt: at }, undefined, 'already-paid', []), 'recorded');
    assert.deepEqual(await stores.noticeLedger.claimNotice(invoice, 'overdue-1', AT), { claimed: false, reason: 'invoice-changed' });
    assert.deepEqual(await stores.noticeLedger.claimNotice(invoice, 'overdue-1', new Date('2026-12-10T00:00:00.000Z')), { claimed: true });
  });

  it('refuses the claim as invoice-changed for an invoice that is not stored', async () => {
    const stores = makeStores();
    const invoice = { tenantId: uniqueTenant(), invoiceNumber: 'NOPE-1', balance: 100, contentHash: 'never-stored' };
    assert.deepEqual(await stores.noticeLedger.claimNotice(invoice, 'overdue-1', AT), { claimed: false, reason: 'invoice-changed' });
  });

  it('gives a claim back on release, so the stage can be claimed again, but keeps a sent notice', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const { tenantId, invoiceNumber } = invoice;
    await stores.noticeLedger.claimNotice(invoice, 'overdue-1', AT);
    await stores.noticeLedger.releaseNotice(tenantId, invoiceNumber, 'overdue-1');
    assert.deepEqual(await stores.noticeLedger.notices(tenantId, invoiceNumber), []);
    assert.deepEqual(await stores.noticeLedger.claimNotice(invoice, 'overdue-1', AT), { claimed: true });

    const sentAt = '2026-12-08T08:00:01.000Z';
    await stores.noticeLedger.recordNoticeSent(tenantId, invoiceNumber, 'overdue-1', 'msg-1', event('reminder.sent', sentAt, 'reminder.sent:overdue-1'));
    await stores.noticeLedger.releaseNotice(tenantId, invoiceNumber, 'overdue-1');
    assert.deepEqual(await stores.noticeLedger.notices(tenantId, invoiceNumber), [{ stage: 'overdue-1', status: 'sent', at: sentAt, messageId: 'msg-1' }]);
    assert.deepEqual((await stores.invoices.timeline(tenantId, invoiceNumber)).map((entry) => entry.key), ['invoice.created', 'reminder.sent:overdue-1']);
    assert.deepEqual(await stores.noticeLedger.claimNotice(invoice, 'overdue-1', AT), { claimed: false, reason: 'already-claimed' });
  });

  it('marks stages skipped without touching stages already in the ledger, and a skipped stage cannot be claimed', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const { tenantId, invoiceNumber } = invoice;
    await stores.noticeLedger.claimNotice(invoice, 'overdue-1', AT);
    await stores.noticeLedger.recordNoticesSkipped(tenantId, invoiceNumber, ['overdue-1', 'overdue-7'], 'superseded', AT);
    const ledger = await stores.noticeLedger.notices(tenantId, invoiceNumber);
    assert.deepEqual(ledger.sort((a, b) => a.stage.localeCompare(b.stage)), [
      { stage: 'overdue-1', status: 'claimed', at: AT.toISOString() },
      { stage: 'overdue-7', status: 'skipped', at: AT.toISOString(), reason: 'superseded' },
    ]);
    assert.deepEqual(await stores.noticeLedger.claimNotice(invoice, 'overdue-7', AT), { claimed: false, reason: 'already-claimed' });
  });

  it('lists a ledger larger than one query page in full', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const stages = Array.from({ length: MORE_THAN_A_PAGE }, (_, index) => `stage-${String(index).padStart(2, '0')}`);
    for (const stage of stages) await stores.noticeLedger.recordNoticesSkipped(invoice.tenantId, invoice.invoiceNumber, [stage], LARGE_TEXT, AT);
    const ledger = await stores.noticeLedger.notices(invoice.tenantId, invoice.invoiceNumber);
    assert.deepEqual(ledger.map((notice) => notice.stage).sort(), stages);
  });
});
