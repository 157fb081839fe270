import assert from 'node:assert/strict';
import { it } from 'node:test';
import { afterPaying, event, LARGE_TEXT, MORE_THAN_A_PAGE, pay, paymentOf, storedInvoice } from './support/fixtures.js';
import { count, forEachStore, uniqueId, uniqueTenant } from './support/stores.js';

forEachStore((_name, makeStores) => {
  it('applies a payment with its invoice change and events, and answers duplicate for the same payment id again', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const payment = paymentOf(invoice, uniqueId('pay'), invoice.balance);
    const after = afterPaying(invoice, invoice.balance);
    const change = { before: invoice, after, events: [event('payment.received', after.updatedAt, `payment.received:${payment.paymentId}`)] };
    assert.equal(await stores.payments.applyPayment(payment, [change]), 'applied');
    assert.equal(await stores.payments.applyPayment(payment, [change]), 'duplicate');
    assert.deepEqual(await stores.payments.getPayment(invoice.tenantId, payment.paymentId), payment);
    const stored = await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber);
    assert.equal(stored?.status, 'paid');
    assert.equal(stored?.balance, 0);
    assert.equal((await stores.invoices.timeline(invoice.tenantId, invoice.invoiceNumber)).filter((entry) => entry.type === 'payment.received').length, 1);
  });

  it('records exactly one of ten concurrent posts of the same payment; the others are duplicates', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const payment = paymentOf(invoice, uniqueId('pay'), 100);
    const after = afterPaying(invoice, 100);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => stores.payments.applyPayment(payment, [{ before: invoice, after, events: [] }])));
    assert.equal(count(outcomes, 'applied'), 1);
    assert.equal(count(outcomes, 'applied') + count(outcomes, 'duplicate') + count(outcomes, 'stale'), 10);
    assert.equal((await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))?.balance, invoice.balance - 100);
  });

  it('applies exactly one of ten concurrent different payments read against the same balance; the others are stale', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const after = afterPaying(invoice, 100);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => stores.payments.applyPayment(paymentOf(invoice, uniqueId('pay'), 100), [{ before: invoice, after, events: [] }])));
    assert.equal(count(outcomes, 'applied'), 1);
    assert.equal(count(outcomes, 'stale'), 9);
    assert.equal((await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))?.balance, invoice.balance - 100);
  });

  it('answers stale and stores nothing when an invoice no longer has the balance it was read with', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    await pay(stores, invoice, uniqueId('pay'), 100);
    const late = paymentOf(invoice, uniqueId('pay'), 200);
    assert.equal(await stores.payments.applyPayment(late, [{ before: invoice, after: afterPaying(invoice, 200), events: [] }]), 'stale');
    assert.equal(await stores.payments.getPayment(invoice.tenantId, late.paymentId), undefined);
    assert.equal((await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))?.balance, invoice.balance - 100);
  });

  it('allocates a stored payment further only from the unapplied amount that was read', async () => {
    const stores = makeStores();
    const tenantId = uniqueTenant();
    const invoice = await storedInvoice(stores, tenantId);
    const credit = paymentOf(invoice, uniqueId('pay'), 500, { unapplied: 500 });
    assert.equal(await stores.payments.applyPayment(credit, []), 'applied');
    assert.deepEqual((await stores.payments.unappliedPayments(tenantId)).map((payment) => payment.paymentId), [credit.paymentId]);

    const allocated = { ...paymentOf(invoice, credit.paymentId, 500), recordedAt: credit.recordedAt };
    const change = { before: invoice, after: afterPaying(invoice, 500), events: [] };
    assert.equal(await stores.payments.applyPayment(allocated, [change], { ...credit, unappliedAmount: 400 }), 'stale', 'read with another unapplied amount');
    assert.equal(await stores.payments.applyPayment(allocated, [change], credit), 'applied');
    assert.deepEqual(await stores.payments.unappliedPayments(tenantId), [], 'nothing left unapplied');
    assert.equal((await stores.payments.getPayment(tenantId, credit.paymentId))?.unappliedAmount, 0);
  });

  it('lists unapplied payments oldest first, over more than one query page', async () => {
    const stores = makeStores();
    const tenantId = uniqueTenant();
    const invoice = await storedInvoice(stores, tenantId);
    const ids: string[] = [];
    for (let index = MORE_THAN_A_PAGE - 1; index >= 0; index -= 1) {
      const payment = paymentOf(invoice, `pay-${index}`, 10, { unapplied: 10, recordedAt: `2026-12-${String(index + 1).padStart(2, '0')}T10:00:00.000Z`, reference: LARGE_TEXT });
      assert.equal(await stores.payments.applyPayment(payment, []), 'applied');
      ids.unshift(payment.paymentId);
    }
    assert.equal(await stores.payments.applyPayment(paymentOf(invoice, 'pay-applied', 10), [{ before: invoice, after: afterPaying(invoice, 10), events: [] }]), 'applied');
    assert.deepEqual((await stores.payments.unappliedPayments(tenantId)).map((payment) => payment.paymentId), ids);
  });

  it('reads no payment that was never stored', async () => {
    const stores = makeStores();
    assert.equal(await stores.payments.getPayment(uniqueTenant(), 'nope'), undefined);
  });
});
