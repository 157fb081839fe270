import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, creditorReferenceFor } from '../../shared/kernel/index.js';
import { ingestInvoices } from '../../shared/imports/index.js';
import { findInvoiceByPaymentReference, invoiceInputSchema, paymentReferenceOf } from '../../shared/invoicing/index.js';
import { collectionSetup as setup } from './fakes/collection-deps.js';
import { invoiceInput, openInvoice } from './fixtures.js';

const TENANT = 'acme';

describe('an invoice’s payment reference', () => {
  it('is normalized when posted (spaces stripped, upper-cased)', () => {
    assert.equal(invoiceInput({ paymentReference: 'rf18 5390 0754 7034' }).paymentReference, 'RF18539007547034');
  });

  it('refuses a reference with wrong check digits, naming the field', () => {
    const result = invoiceInputSchema.safeParse({ ...invoiceInput(), paymentReference: 'RF19539007547034' });
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message]), [['paymentReference', 'has wrong ISO 11649 check digits']]);
  });

  it('is assigned from the tenant and number when upstream sends none, and kept when it sends one', async () => {
    const { deps, invoices } = setup();
    await ingestInvoices(deps, TENANT, [invoiceInput({ invoiceNumber: 'A-1' }), invoiceInput({ invoiceNumber: 'A-2', paymentReference: 'RF45G72UUR' })]);
    assert.equal((await invoices.get(TENANT, 'A-1'))?.paymentReference, creditorReferenceFor(TENANT, 'A-1'));
    assert.equal((await invoices.get(TENANT, 'A-2'))?.paymentReference, 'RF45G72UUR');
    assert.equal((await findInvoiceByPaymentReference(deps, TENANT, 'RF45 G72U UR'))?.invoiceNumber, 'A-2');
  });

  it('leaves an identical re-post without a reference unchanged (the content hash is of what was posted)', async () => {
    const { deps } = setup();
    await ingestInvoices(deps, TENANT, [invoiceInput({ invoiceNumber: 'A-3' })]);
    const [again] = await ingestInvoices(deps, TENANT, [invoiceInput({ invoiceNumber: 'A-3' })]);
    assert.equal(again!.outcome, 'unchanged');
  });

  it('refuses a second invoice with a reference another invoice has: 409 payment_reference_taken, nothing stored', async () => {
    const { deps, invoices } = setup();
    await ingestInvoices(deps, TENANT, [invoiceInput({ invoiceNumber: 'R-1', paymentReference: 'RF18539007547034' })]);
    const results = await ingestInvoices(deps, TENANT, [
      invoiceInput({ invoiceNumber: 'R-2', paymentReference: 'RF18 5390 0754 7034' }),
      // R-4 posts the reference arflow derives for R3 (in the same batch): the first keeps it.
      invoiceInput({ invoiceNumber: 'R3' }),
      invoiceInput({ invoiceNumber: 'R-4', paymentReference: creditorReferenceFor(TENANT, 'R3') }),
    ]);
    assert.deepEqual(results.map((result) => result.outcome), ['refused', 'created', 'refused']);
    for (const result of [results[0]!, results[2]!]) assert.ok(result.outcome === 'refused' && result.error instanceof ConflictError && result.error.code === 'payment_reference_taken');
    assert.equal(await invoices.get(TENANT, 'R-2'), undefined);
    assert.equal(await invoices.get(TENANT, 'R-4'), undefined);
  });

  it('lets another tenant use the same reference', async () => {
    const { deps } = setup();
    await ingestInvoices(deps, TENANT, [invoiceInput({ invoiceNumber: 'S-1', paymentReference: 'RF45G72UUR' })]);
    const [other] = await ingestInvoices(deps, 'other', [invoiceInput({ invoiceNumber: 'S-1', paymentReference: 'RF45G72UUR' })]);
    assert.equal(other!.outcome, 'created');
  });

  it('is derived for an invoice stored before references existed', () => {
    const old = openInvoice({ invoiceNumber: 'OLD-1', paymentReference: undefined });
    assert.equal(paymentReferenceOf(old), creditorReferenceFor('acme', 'OLD-1'));
  });
});
