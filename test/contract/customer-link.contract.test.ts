import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { CustomerLink } from '../../shared/self-service/index.js';
import { event, pay, storedInvoice } from './support/fixtures.js';
import { count, forEachStore, uniqueId, uniqueTenant } from './support/stores.js';

function linkTo(invoice: { tenantId: string; invoiceNumber: string }): CustomerLink {
  return { linkId: uniqueId('clink'), tenantId: invoice.tenantId, invoiceNumber: invoice.invoiceNumber, stage: 'overdue-1', expiresAt: Date.parse('2027-01-08T00:00:00.000Z') };
}

const AT = '2026-12-08T09:00:00.000Z';

forEachStore((_name, makeStores) => {
  it('stores a link once and reads it back with nothing used; a second put of its id is refused; a link never stored reads as undefined', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const link = linkTo(invoice);
    await stores.customerLinks.putCustomerLink(link);
    await assert.rejects(stores.customerLinks.putCustomerLink({ ...link, stage: 'overdue-7' }));
    assert.deepEqual(await stores.customerLinks.getCustomerLink(link.linkId), { ...link, used: {} });
    assert.equal(await stores.customerLinks.getCustomerLink(uniqueId('clink')), undefined);
  });

  it('records a request through a link once per action: the same action again is already-used', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const link = linkTo(invoice);
    await stores.customerLinks.putCustomerLink(link);
    const promise = { date: '2026-12-20', madeAt: AT };
    assert.equal(await stores.customerLinks.recordCustomerRequest(invoice, { promise, updatedAt: AT }, link, 'promise', [event('promise.made', AT, 'promise.made:1')]), 'recorded');
    const after = await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber);
    assert.deepEqual(after?.promise, promise);
    assert.equal(after?.updatedAt, AT);
    assert.equal((await stores.customerLinks.getCustomerLink(link.linkId))?.used?.promise, AT);
    assert.equal(await stores.customerLinks.recordCustomerRequest(after!, { promise, updatedAt: '2026-12-08T10:00:00.000Z' }, link, 'promise', []), 'already-used');
    assert.equal(await stores.customerLinks.recordCustomerRequest(after!, { pausedUntil: '2026-12-15T00:00:00.000Z', updatedAt: '2026-12-08T10:00:00.000Z' }, link, 'already-paid', []), 'recorded', 'another action of the same link');
    assert.equal((await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))?.promise, undefined, 'fields the request does not carry are removed');
  });

  it('records exactly one of ten concurrent uses of the same link and action', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const link = linkTo(invoice);
    await stores.customerLinks.putCustomerLink(link);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, index) => stores.customerLinks.recordCustomerRequest(invoice, { pausedUntil: '2026-12-15T00:00:00.000Z', updatedAt: `2026-12-08T09:00:0${index}.000Z` }, link, 'already-paid', [])),
    );
    assert.equal(count(outcomes, 'recorded'), 1);
  });

  it('answers already-used for a link that was never stored', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    assert.equal(await stores.customerLinks.recordCustomerRequest(invoice, { updatedAt: AT }, linkTo(invoice), 'already-paid', []), 'already-used');
  });

  it('answers changed when the invoice changed since it was read or is no longer open, and leaves the link unused', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const link = linkTo(invoice);
    await stores.customerLinks.putCustomerLink(link);
    await pay(stores, invoice, uniqueId('pay'), 100);
    assert.equal(await stores.customerLinks.recordCustomerRequest(invoice, { pausedUntil: '2026-12-15T00:00:00.000Z', updatedAt: AT }, link, 'already-paid', []), 'changed');
    assert.equal((await stores.customerLinks.getCustomerLink(link.linkId))?.used?.['already-paid'], undefined);

    const other = await storedInvoice(stores, invoice.tenantId, { invoiceNumber: 'INV-2' });
    const paid = await pay(stores, other, uniqueId('pay'), other.balance);
    assert.equal(await stores.customerLinks.recordCustomerRequest(paid, { pausedUntil: '2026-12-15T00:00:00.000Z', updatedAt: AT }, undefined, 'already-paid', []), 'changed', 'a paid invoice');
  });

  it('lists a dispute opened through a request for finance, with the balance it was opened at', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const dispute = { id: uniqueId('dispute'), status: 'open' as const, reason: 'wrong quantity', openedAt: AT };
    assert.equal(await stores.customerLinks.recordCustomerRequest(invoice, { dispute, updatedAt: AT }, undefined, 'dispute', [event('invoice.disputed', AT, `invoice.disputed:${dispute.id}`)]), 'recorded');
    assert.deepEqual(await stores.disputes.getDispute(invoice.tenantId, dispute.id), {
      disputeId: dispute.id,
      invoiceNumber: invoice.invoiceNumber,
      customerId: invoice.customer.id,
      reason: 'wrong quantity',
      openedAt: AT,
      balance: invoice.balance,
      currency: invoice.currency,
    });
  });
});
