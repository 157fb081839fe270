import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Invoice } from '../../shared/invoicing/index.js';
import type { PaymentPlan } from '../../shared/invoicing/index.js';
import { event, pay, storedInvoice } from './support/fixtures.js';
import { count, forEachStore, uniqueId, uniqueTenant } from './support/stores.js';

function planFor(invoice: Invoice, agreedAt = '2026-12-08T10:00:00.000Z'): PaymentPlan {
  const half = Math.floor(invoice.balance / 2);
  return {
    id: uniqueId('plan'),
    status: 'active',
    installments: [
      { dueDate: '2026-12-15', amount: half },
      { dueDate: '2027-01-15', amount: invoice.balance - half },
    ],
    total: invoice.balance,
    agreedAt,
    agreedBy: 'finance@acme.example',
  };
}

forEachStore((_name, makeStores) => {
  it('agrees a plan on an open invoice with no plan, once: a second plan is changed', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const plan = planFor(invoice);
    assert.equal(await stores.paymentPlans.agreePaymentPlan(invoice, plan, [event('payment-plan.agreed', plan.agreedAt, `payment-plan.agreed:${plan.id}`)]), 'agreed');
    const stored = await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber);
    assert.deepEqual(stored?.paymentPlan, plan);
    assert.equal(stored?.updatedAt, plan.agreedAt);
    assert.ok((await stores.invoices.timeline(invoice.tenantId, invoice.invoiceNumber)).some((entry) => entry.key === `payment-plan.agreed:${plan.id}`));
    assert.equal(await stores.paymentPlans.agreePaymentPlan(stored!, planFor(stored!), []), 'changed');
  });

  it('agrees exactly one of ten concurrent plans for the same invoice', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => stores.paymentPlans.agreePaymentPlan(invoice, planFor(invoice), [])));
    assert.equal(count(outcomes, 'agreed'), 1);
  });

  it('answers changed when the invoice was paid in part after it was read', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    await pay(stores, invoice, uniqueId('pay'), 100);
    assert.equal(await stores.paymentPlans.agreePaymentPlan(invoice, planFor(invoice), []), 'changed');
    assert.equal((await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))?.paymentPlan, undefined);
  });

  it('breaks the active plan once: breaking it again, or breaking another plan, is refused', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const plan = planFor(invoice);
    await stores.paymentPlans.agreePaymentPlan(invoice, plan, []);
    const stored = (await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))!;
    const broken: PaymentPlan = { ...plan, status: 'broken', brokenAt: '2026-12-16T10:00:00.000Z', missedInstallment: 1 };
    assert.equal(await stores.paymentPlans.breakPaymentPlan(stored, { ...broken, id: uniqueId('plan') }, []), false, 'another plan');
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => stores.paymentPlans.breakPaymentPlan(stored, broken, [event('payment-plan.broken', broken.brokenAt!, `payment-plan.broken:${plan.id}`)])));
    assert.equal(count(outcomes, true), 1);
    assert.equal((await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))?.paymentPlan?.status, 'broken');
  });
});
