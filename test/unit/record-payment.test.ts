import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/kernel/index.js';
import { executionName } from '../../shared/invoicing/index.js';
import { recordPayment } from '../../shared/payments/index.js';
import { collectionSetup as setup } from './fakes/collection-deps.js';
import { openInvoice } from './fixtures.js';
import { TENANT, NUMBER, payment, eventTypes } from './use-cases.fixtures.js';


describe('recordPayment', () => {
  it('applies a partial then a full payment and stops the workflow once, when the invoice is paid', async () => {
    const { deps, invoices, workflows } = setup();
    invoices.put(openInvoice());

    const partial = await recordPayment(deps, TENANT, payment({ amount: 50000, reference: 'BANK-1' }));
    assert.equal(partial.outcome, 'applied');
    assert.equal(partial.invoice.balance, 75000);
    assert.equal(partial.invoice.status, 'open');
    assert.equal(workflows.stops.length, 0);
    assert.equal((await invoices.get(TENANT, NUMBER))?.balance, 75000);

    const full = await recordPayment(deps, TENANT, payment({ amount: 75000, reference: 'BANK-2' }));
    assert.equal(full.outcome, 'applied');
    assert.equal(full.invoice.balance, 0);
    assert.equal(full.invoice.status, 'paid');
    assert.deepEqual(workflows.stops, [{ executionName: executionName(TENANT, NUMBER, 1), reason: 'invoice paid' }]);

    const stored = await invoices.get(TENANT, NUMBER);
    assert.equal(stored?.status, 'paid');
    assert.equal(stored?.balance, 0);
    const keys = await eventTypes(invoices);
    assert.equal(keys.filter((key) => key.startsWith('payment.received:')).length, 2);
    assert.deepEqual(
      keys.filter((key) => key.startsWith('status.changed:')),
      [`status.changed:paid:${full.payment.paymentId}`],
    );
  });

  it('treats the same payment posted twice as a duplicate and lowers the balance once', async () => {
    const { deps, invoices, workflows } = setup();
    invoices.put(openInvoice());
    const first = await recordPayment(deps, TENANT, payment());
    const second = await recordPayment(deps, TENANT, payment());
    assert.equal(first.outcome, 'applied');
    assert.equal(second.outcome, 'duplicate');
    assert.equal(second.payment.paymentId, first.payment.paymentId);
    assert.equal(second.invoice.balance, 75000);
    assert.equal((await invoices.get(TENANT, NUMBER))?.balance, 75000);
    assert.equal(workflows.stops.length, 0);
  });

  it('treats a repost of the payment that paid the invoice as a duplicate, not a conflict, and does not stop the workflow again', async () => {
    const { deps, invoices, workflows } = setup();
    invoices.put(openInvoice());
    const paying = payment({ amount: 125000 });
    assert.equal((await recordPayment(deps, TENANT, paying)).outcome, 'applied');
    const repost = await recordPayment(deps, TENANT, paying);
    assert.equal(repost.outcome, 'duplicate');
    assert.equal(repost.invoice.status, 'paid');
    assert.equal(workflows.stops.length, 1);
  });

  it('keeps the excess of an overpayment and marks the invoice paid', async () => {
    const { deps, invoices, workflows } = setup();
    invoices.put(openInvoice());
    const result = await recordPayment(deps, TENANT, payment({ amount: 130000 }));
    assert.equal(result.invoice.status, 'paid');
    assert.equal(result.payment.excessAmount, 5000);
    assert.equal(workflows.stops.length, 1);
  });

  it('refuses a new payment to a paid invoice with ConflictError invoice_not_open', async () => {
    const { deps, invoices } = setup();
    invoices.put(openInvoice({ status: 'paid', balance: 0 }));
    await assert.rejects(recordPayment(deps, TENANT, payment()), (error: unknown) => error instanceof ConflictError && error.code === 'invoice_not_open');
  });

  it('refuses a payment in another currency with a ValidationError at path currency and changes nothing', async () => {
    const { deps, invoices } = setup();
    invoices.put(openInvoice());
    await assert.rejects(
      recordPayment(deps, TENANT, payment({ currency: 'USD' })),
      (error: unknown) => error instanceof ValidationError && error.issues[0]?.path === 'currency',
    );
    assert.equal((await invoices.get(TENANT, NUMBER))?.balance, 125000);
  });

  it('reads again and applies to the new balance when another payment commits between its read and its write', async () => {
    const { deps, invoices, workflows, payments } = setup();
    invoices.put(openInvoice());
    let concurrent = 0;
    payments.beforeApplyPayment = () => {
      if (concurrent++ === 0) invoices.update(TENANT, NUMBER, { balance: 85000 }); // someone else's 40000 landed first
    };
    const result = await recordPayment(deps, TENANT, payment({ amount: 85000 }));
    assert.equal(result.outcome, 'applied');
    assert.equal(result.invoice.balance, 0);
    assert.equal(result.invoice.status, 'paid');
    assert.equal(result.payment.excessAmount, 0);
    assert.equal(workflows.stops.length, 1);
  });

  it('gives up with ConflictError concurrent_update when the invoice changes before every write', async () => {
    const { deps, invoices, payments } = setup();
    invoices.put(openInvoice());
    let balance = 125000;
    payments.beforeApplyPayment = () => invoices.update(TENANT, NUMBER, { balance: --balance });
    await assert.rejects(recordPayment(deps, TENANT, payment()), (error: unknown) => error instanceof ConflictError && error.code === 'concurrent_update');
  });

  it('throws NotFoundError for a payment to an invoice of another tenant', async () => {
    const { deps, invoices } = setup();
    invoices.put(openInvoice({}, 'globex'));
    await assert.rejects(recordPayment(deps, TENANT, payment()), NotFoundError);
    assert.equal((await invoices.get('globex', NUMBER))?.balance, 125000);
  });
});
