import assert from 'node:assert/strict';
import { it } from 'node:test';
import { creditorReferenceFor } from '../../shared/kernel/index.js';
import { storedInvoice } from './support/fixtures.js';
import { forEachStore, uniqueTenant } from './support/stores.js';

/**
 * PaymentReferenceLookup: the same answers from the `byPaymentReference` index on DynamoDB Local and
 * from memory. DynamoDB Local's indexes are updated with the write, so no wait is needed here.
 */
forEachStore((name, makeStores) => {
  it(`finds the invoice by its reference however it is spaced or cased (${name})`, async () => {
    const stores = makeStores();
    const tenant = uniqueTenant();
    const stored = await storedInvoice(stores, tenant, { invoiceNumber: 'INV-1', paymentReference: 'RF18539007547034' });
    assert.deepEqual(await stores.paymentReferences.findInvoiceByPaymentReference(tenant, 'RF18539007547034'), stored);
    assert.deepEqual(await stores.paymentReferences.findInvoiceByPaymentReference(tenant, 'rf18 5390 0754 7034'), stored);
    assert.deepEqual(await stores.paymentReferences.invoicesWithPaymentReference(tenant, 'RF18 5390 0754 7034', 2), ['INV-1']);
  });

  it(`finds an invoice by the reference arflow derived for it, and a Swiss QR reference (${name})`, async () => {
    const stores = makeStores();
    const tenant = uniqueTenant();
    const derived = await storedInvoice(stores, tenant, { invoiceNumber: 'INV-2', paymentReference: creditorReferenceFor(tenant, 'INV-2') });
    const swiss = await storedInvoice(stores, tenant, { invoiceNumber: 'INV-3', paymentReference: '210000000003139471430009017' });
    assert.deepEqual(await stores.paymentReferences.findInvoiceByPaymentReference(tenant, creditorReferenceFor(tenant, 'INV-2')), derived);
    assert.deepEqual(await stores.paymentReferences.findInvoiceByPaymentReference(tenant, '21 00000 00003 13947 14300 09017'), swiss);
  });

  it(`answers none for an unknown reference and for another tenant's reference (${name})`, async () => {
    const stores = makeStores();
    const tenant = uniqueTenant();
    await storedInvoice(stores, tenant, { invoiceNumber: 'INV-4', paymentReference: 'RF45G72UUR' });
    assert.equal(await stores.paymentReferences.findInvoiceByPaymentReference(tenant, 'RF18539007547034'), undefined);
    assert.equal(await stores.paymentReferences.findInvoiceByPaymentReference(uniqueTenant(), 'RF45G72UUR'), undefined);
    assert.deepEqual(await stores.paymentReferences.invoicesWithPaymentReference(uniqueTenant(), 'RF45G72UUR', 2), []);
  });

  it(`answers none when two invoices share a reference (ambiguous), and lists both (${name})`, async () => {
    const stores = makeStores();
    const tenant = uniqueTenant();
    await storedInvoice(stores, tenant, { invoiceNumber: 'INV-5', paymentReference: 'RF45G72UUR' });
    await storedInvoice(stores, tenant, { invoiceNumber: 'INV-6', paymentReference: 'RF45G72UUR' });
    assert.equal(await stores.paymentReferences.findInvoiceByPaymentReference(tenant, 'RF45G72UUR'), undefined);
    assert.deepEqual((await stores.paymentReferences.invoicesWithPaymentReference(tenant, 'RF45G72UUR', 2)).sort(), ['INV-5', 'INV-6']);
    assert.equal((await stores.paymentReferences.invoicesWithPaymentReference(tenant, 'RF45G72UUR', 1)).length, 1);
  });

  it(`does not find an invoice stored without a reference (not indexed) (${name})`, async () => {
    const stores = makeStores();
    const tenant = uniqueTenant();
    await storedInvoice(stores, tenant, { invoiceNumber: 'INV7', paymentReference: undefined });
    assert.equal(await stores.paymentReferences.findInvoiceByPaymentReference(tenant, creditorReferenceFor(tenant, 'INV7')), undefined);
  });
});
