import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Invoice } from '../../shared/invoicing/index.js';
import { event, LARGE_TEXT, MORE_THAN_A_PAGE, pay, storedInvoice } from './support/fixtures.js';
import { count, forEachStore, uniqueId, uniqueTenant, type Stores } from './support/stores.js';

/** Opens a dispute on the invoice (as POST /disputes does) and returns the invoice as it is then. */
async function disputed(stores: Stores, invoice: Invoice, openedAt: string, reason = 'wrong quantity'): Promise<Invoice> {
  const dispute = { id: uniqueId('dispute'), status: 'open' as const, reason, openedAt };
  assert.equal(await stores.customerLinks.recordCustomerRequest(invoice, { dispute, updatedAt: openedAt }, undefined, 'dispute', [event('invoice.disputed', openedAt, `invoice.disputed:${dispute.id}`)]), 'recorded');
  return { ...invoice, dispute, updatedAt: openedAt };
}

function resolution(invoice: Invoice, at = '2026-12-09T10:00:00.000Z') {
  const dispute = invoice.dispute!;
  return { status: 'cancelled' as const, balance: 0, dispute: { ...dispute, status: 'resolved' as const, resolution: { kind: 'cancel' as const }, resolvedAt: at }, updatedAt: at };
}

forEachStore((_name, makeStores) => {
  it('resolves an open dispute once: the listing and the invoice change together, a second resolve is already-resolved', async () => {
    const stores = makeStores();
    const invoice = await disputed(stores, await storedInvoice(stores, uniqueTenant()), '2026-12-08T10:00:00.000Z');
    const after = resolution(invoice);
    assert.equal(await stores.disputes.resolveDispute(invoice, after, [event('dispute.resolved', after.updatedAt, `dispute.resolved:${invoice.dispute!.id}`)]), 'resolved');
    const stored = await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber);
    assert.equal(stored?.status, 'cancelled');
    assert.equal(stored?.dispute?.status, 'resolved');
    const listing = await stores.disputes.getDispute(invoice.tenantId, invoice.dispute!.id);
    assert.equal(listing?.status, 'resolved');
    assert.deepEqual(listing?.resolution, { kind: 'cancel' });
    assert.deepEqual(await stores.disputes.openDisputes(invoice.tenantId), []);
    assert.equal(await stores.disputes.resolveDispute(invoice, after, []), 'already-resolved');
  });

  it('resolves exactly one of ten concurrent resolutions of the same dispute', async () => {
    const stores = makeStores();
    const invoice = await disputed(stores, await storedInvoice(stores, uniqueTenant()), '2026-12-08T10:00:00.000Z');
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => stores.disputes.resolveDispute(invoice, resolution(invoice), [])));
    assert.equal(count(outcomes, 'resolved'), 1);
    assert.equal(count(outcomes, 'already-resolved') + count(outcomes, 'changed'), 9);
  });

  it('answers changed, and keeps the dispute open, when a payment changed the invoice after it was read', async () => {
    const stores = makeStores();
    const invoice = await disputed(stores, await storedInvoice(stores, uniqueTenant()), '2026-12-08T10:00:00.000Z');
    await pay(stores, invoice, uniqueId('pay'), 100);
    assert.equal(await stores.disputes.resolveDispute(invoice, resolution(invoice), []), 'changed');
    assert.equal((await stores.disputes.openDisputes(invoice.tenantId)).length, 1);
    assert.equal((await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))?.dispute?.status, 'open');
  });

  it('lists only open disputes, oldest first, over more than one query page', async () => {
    const stores = makeStores();
    const tenantId = uniqueTenant();
    const opened: string[] = [];
    for (let index = MORE_THAN_A_PAGE - 1; index >= 0; index -= 1) {
      const invoice = await disputed(stores, await storedInvoice(stores, tenantId, { invoiceNumber: `D-${index}` }), `2026-12-${String(index + 1).padStart(2, '0')}T10:00:00.000Z`, LARGE_TEXT);
      opened.unshift(invoice.dispute!.id);
    }
    const resolvedOne = await disputed(stores, await storedInvoice(stores, tenantId, { invoiceNumber: 'D-resolved' }), '2026-11-30T10:00:00.000Z');
    assert.equal(await stores.disputes.resolveDispute(resolvedOne, resolution(resolvedOne), []), 'resolved');
    assert.deepEqual((await stores.disputes.openDisputes(tenantId)).map((listing) => listing.disputeId), opened);
  });

  it('reads no dispute of another tenant', async () => {
    const stores = makeStores();
    const invoice = await disputed(stores, await storedInvoice(stores, uniqueTenant()), '2026-12-08T10:00:00.000Z');
    assert.equal(await stores.disputes.getDispute(uniqueTenant(), invoice.dispute!.id), undefined);
    assert.deepEqual(await stores.disputes.openDisputes(uniqueTenant()), []);
  });
});
