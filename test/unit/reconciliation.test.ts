import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/kernel/index.js';
import type { Invoice } from '../../shared/invoicing/index.js';
import { paymentRequestId, paymentRequestSchema, type PaymentRequest } from '../../shared/payments/index.js';
import { allocate, invoiceNumberCandidates, oldestFirst, payerOf } from '../../shared/payments/index.js';
import { allocatePayment, receivePayment, recordPayment, unappliedPayments } from '../../shared/payments/index.js';
import { collectionSetup } from './fakes/collection-deps.js';
import { openInvoice } from './fixtures.js';

const TENANT = 'acme';
const now = new Date('2026-12-08T08:00:00.000Z');

function invoiceOf(number: string, overrides: Partial<Invoice> = {}): Invoice {
  return openInvoice({ invoiceNumber: number, ...overrides });
}

function request(overrides: Partial<PaymentRequest> = {}): PaymentRequest {
  return paymentRequestSchema.parse({ amount: 50000, currency: 'EUR', paidAt: '2026-12-07', method: 'bank_transfer', ...overrides });
}

describe('invoiceNumberCandidates', () => {
  it('finds the invoice numbers in remittance text in the order written, once each, without sentence punctuation', () => {
    assert.deepEqual(invoiceNumberCandidates('Payment for INV-1001, INV-1002 and #INV-1003. Thanks! INV-1001'), ['INV-1001', 'INV-1002', 'INV-1003']);
  });

  it('ignores words without a digit and an absent reference', () => {
    assert.deepEqual(invoiceNumberCandidates('thanks for your patience'), []);
    assert.deepEqual(invoiceNumberCandidates(undefined), []);
  });
});

describe('oldestFirst', () => {
  it('orders by due date, then issue date, then number', () => {
    const ordered = oldestFirst([
      invoiceOf('C', { dueDate: '2026-12-01', issueDate: '2026-11-02' }),
      invoiceOf('B', { dueDate: '2026-12-01', issueDate: '2026-11-01' }),
      invoiceOf('A', { dueDate: '2026-12-15' }),
      invoiceOf('D', { dueDate: '2026-11-20' }),
    ]);
    assert.deepEqual(ordered.map((invoice) => invoice.invoiceNumber), ['D', 'B', 'C', 'A']);
  });
});

describe('allocate', () => {
  const payment = { paymentId: 'pay_1', amount: 150000, currency: 'EUR', paidAt: '2026-12-07', reference: 'r', method: undefined };

  it('pays invoices in order up to their balance and returns what is left', () => {
    const result = allocate(payment, 150000, [{ invoice: invoiceOf('A', { balance: 100000 }), matchedBy: 'oldest-first' }, { invoice: invoiceOf('B'), matchedBy: 'oldest-first' }], now);
    assert.deepEqual(result.allocations.map((a) => [a.invoiceNumber, a.amount, a.matchedBy]), [['A', 100000, 'oldest-first'], ['B', 50000, 'oldest-first']]);
    assert.equal(result.remaining, 0);
    assert.deepEqual(result.changes.map((c) => [c.after.balance, c.after.status]), [[0, 'paid'], [75000, 'open']]);
    assert.deepEqual(result.changes[0]!.events.map((e) => e.key), ['payment.received:pay_1', 'status.changed:paid:pay_1']);
    assert.equal(result.changes[1]!.events[0]!.detail?.['amount'], 50000);
  });

  it('respects a named amount per invoice and leaves the rest', () => {
    const result = allocate(payment, 150000, [{ invoice: invoiceOf('A'), limit: 20000, matchedBy: 'explicit' }], now);
    assert.equal(result.allocations[0]!.amount, 20000);
    assert.equal(result.remaining, 130000);
  });

  it('refuses an invoice in another currency with a ValidationError at path currency', () => {
    assert.throws(
      () => allocate(payment, 1000, [{ invoice: invoiceOf('A', { currency: 'USD' }), matchedBy: 'explicit' }], now),
      (error: unknown) => error instanceof ValidationError && error.issues[0]?.path === 'currency' && /USD/.test(error.message),
    );
  });
});

describe('payerOf', () => {
  it('is the given customer, else the one customer of every allocation, else nobody', () => {
    assert.equal(payerOf('C-9', []), 'C-9');
    assert.equal(payerOf(undefined, [{ customerId: 'C-1' }, { customerId: 'C-1' }]), 'C-1');
    assert.equal(payerOf(undefined, [{ customerId: 'C-1' }, { customerId: 'C-2' }]), undefined);
    assert.equal(payerOf(undefined, []), undefined);
  });
});

describe('paymentRequestId', () => {
  it('keeps the single-invoice contract id, so retries of payments posted before allocations existed stay duplicates', async () => {
    const legacy = { invoiceNumber: 'INV-1001', amount: 50000, currency: 'EUR', paidAt: '2026-12-03', reference: 'BANK-42' };
    const { paymentId } = await import('../../shared/payments/index.js');
    assert.equal(paymentRequestId(TENANT, paymentRequestSchema.parse(legacy)), paymentId(TENANT, legacy));
  });

  it('differs for other allocations of the same money', () => {
    const a = paymentRequestId(TENANT, request({ allocations: [{ invoiceNumber: 'A' }] }));
    const b = paymentRequestId(TENANT, request({ allocations: [{ invoiceNumber: 'B' }] }));
    assert.notEqual(a, b);
  });
});

describe('paymentRequestSchema', () => {
  it('refuses allocations that add up to more than the payment, name an invoice twice, or come with invoiceNumber', () => {
    for (const bad of [
      { allocations: [{ invoiceNumber: 'A', amount: 40000 }, { invoiceNumber: 'B', amount: 20000 }] },
      { allocations: [{ invoiceNumber: 'A' }, { invoiceNumber: 'A' }] },
      { invoiceNumber: 'A', allocations: [{ invoiceNumber: 'B' }] },
    ]) {
      const result = paymentRequestSchema.safeParse({ amount: 50000, currency: 'EUR', paidAt: '2026-12-07', ...bad });
      assert.equal(result.success, false, JSON.stringify(bad));
      assert.equal(result.success ? '' : result.error.issues[0]!.path.join('.'), 'allocations');
    }
  });
});

describe('receivePayment', () => {
  function setup() {
    const context = collectionSetup(now.toISOString());
    const customer = { id: 'C-7', name: 'Seven Ltd', email: 'ap@seven.example' };
    context.invoices.put(invoiceOf('INV-OLD-1', { customer, dueDate: '2026-11-01', amount: 30000, balance: 30000 }));
    context.invoices.put(invoiceOf('INV-NEW-2', { customer, dueDate: '2026-12-01', amount: 40000, balance: 40000 }));
    context.invoices.put(invoiceOf('INV-USD-3', { customer, dueDate: '2026-10-01', currency: 'USD' }));
    context.invoices.put(invoiceOf('INV-OTHER-4', { dueDate: '2026-09-01' }));
    return context;
  }

  it('applies a customer payment without references to its oldest open invoices in the payment currency', async () => {
    const { deps, invoices, workflows } = setup();
    const result = await receivePayment(deps, TENANT, request({ amount: 50000, customerId: 'C-7', reference: 'thanks' }));
    assert.deepEqual(result.payment.allocations.map((a) => [a.invoiceNumber, a.amount, a.matchedBy]), [['INV-OLD-1', 30000, 'oldest-first'], ['INV-NEW-2', 20000, 'oldest-first']]);
    assert.equal((await invoices.get(TENANT, 'INV-OLD-1'))?.status, 'paid');
    assert.equal((await invoices.get(TENANT, 'INV-NEW-2'))?.balance, 20000);
    assert.equal((await invoices.get(TENANT, 'INV-USD-3'))?.balance, 125000, 'another currency is never auto-matched');
    assert.equal(workflows.stops.length, 1, 'only the paid invoice stops');
    assert.equal(result.payment.unappliedAmount, 0);
  });

  it('prefers the invoice numbers in the reference over age', async () => {
    const { deps, invoices } = setup();
    const result = await receivePayment(deps, TENANT, request({ amount: 40000, reference: 'Remittance: INV-NEW-2', customerId: 'C-7' }));
    assert.deepEqual(result.payment.allocations.map((a) => [a.invoiceNumber, a.matchedBy]), [['INV-NEW-2', 'reference']]);
    assert.equal((await invoices.get(TENANT, 'INV-OLD-1'))?.balance, 30000);
  });

  it('keeps an overpayment as the customer\'s credit, listed as unapplied', async () => {
    const { deps } = setup();
    const result = await receivePayment(deps, TENANT, request({ amount: 100000, reference: 'INV-OLD-1 INV-NEW-2' }));
    assert.equal(result.payment.customerId, 'C-7');
    assert.equal(result.payment.unappliedAmount, 30000);
    const listed = await unappliedPayments(deps, TENANT);
    assert.deepEqual(listed.map((p) => [p.paymentId, p.state, p.unappliedAmount]), [[result.payment.paymentId, 'credit', 30000]]);
  });

  it('lists a payment that matches nothing as unmatched, and a person allocates it later with an audit trail', async () => {
    const { deps, invoices } = setup();
    const received = await receivePayment(deps, TENANT, request({ amount: 35000, reference: 'no idea' }));
    assert.deepEqual(received.payment.allocations, []);
    assert.equal((await unappliedPayments(deps, TENANT))[0]?.state, 'unapplied');

    const allocated = await allocatePayment(deps, TENANT, received.payment.paymentId, { allocations: [{ invoiceNumber: 'INV-OLD-1' }], by: 'jo@finance.example' });
    assert.deepEqual(allocated.payment.allocations.map((a) => [a.invoiceNumber, a.amount, a.matchedBy, a.by]), [['INV-OLD-1', 30000, 'manual', 'jo@finance.example']]);
    assert.equal(allocated.payment.unappliedAmount, 5000);
    assert.equal(allocated.payment.customerId, 'C-7', 'the rest is now that customer\'s credit');
    const timeline = await invoices.timeline(TENANT, 'INV-OLD-1');
    assert.ok(timeline.some((event) => event.key === `payment.received:${received.payment.paymentId}:a0` && event.detail?.['allocatedBy'] === 'jo@finance.example'));

    // Credit goes only to its own customer's invoices, and never more than is left.
    await assert.rejects(allocatePayment(deps, TENANT, received.payment.paymentId, { allocations: [{ invoiceNumber: 'INV-OTHER-4' }] }), ValidationError);
    await assert.rejects(allocatePayment(deps, TENANT, received.payment.paymentId, { allocations: [{ invoiceNumber: 'INV-NEW-2', amount: 6000 }] }), ValidationError);
    const rest = await allocatePayment(deps, TENANT, received.payment.paymentId, { allocations: [{ invoiceNumber: 'INV-NEW-2' }] });
    assert.equal(rest.payment.unappliedAmount, 0);
    assert.equal((await invoices.get(TENANT, 'INV-NEW-2'))?.balance, 35000);
    assert.deepEqual(await unappliedPayments(deps, TENANT), []);
    await assert.rejects(allocatePayment(deps, TENANT, received.payment.paymentId, { allocations: [{ invoiceNumber: 'INV-NEW-2' }] }), (e: unknown) => e instanceof ConflictError && e.code === 'payment_fully_applied');
  });

  it('refuses a named invoice in another currency (422) and a named paid invoice (409) and records nothing', async () => {
    const { deps, invoices } = setup();
    await assert.rejects(receivePayment(deps, TENANT, request({ allocations: [{ invoiceNumber: 'INV-USD-3' }] })), (e: unknown) => e instanceof ValidationError && e.issues[0]?.path === 'currency');
    invoices.update(TENANT, 'INV-OLD-1', { status: 'paid', balance: 0 });
    await assert.rejects(receivePayment(deps, TENANT, request({ allocations: [{ invoiceNumber: 'INV-OLD-1' }] })), (e: unknown) => e instanceof ConflictError && e.code === 'invoice_not_open');
    await assert.rejects(receivePayment(deps, TENANT, request({ allocations: [{ invoiceNumber: 'NOPE-1' }] })), NotFoundError);
    assert.deepEqual(await unappliedPayments(deps, TENANT), []);
  });

  it('re-plans when an invoice it pays changes before the write, and applies to the new balance', async () => {
    const { deps, invoices, payments } = setup();
    let concurrent = 0;
    payments.beforeApplyPayment = () => {
      if (concurrent++ === 0) invoices.update(TENANT, 'INV-OLD-1', { balance: 10000 });
    };
    const result = await receivePayment(deps, TENANT, request({ amount: 20000, customerId: 'C-7' }));
    assert.deepEqual(result.payment.allocations.map((a) => [a.invoiceNumber, a.amount]), [['INV-OLD-1', 10000], ['INV-NEW-2', 10000]]);
  });

  it('treats an overpayment in the single-invoice contract as credit of the invoice\'s customer', async () => {
    const { deps } = setup();
    const result = await recordPayment(deps, TENANT, { invoiceNumber: 'INV-OLD-1', amount: 35000, currency: 'EUR', paidAt: '2026-12-07' });
    assert.equal(result.invoice.status, 'paid');
    assert.equal(result.payment.excessAmount, 5000);
    assert.equal((await unappliedPayments(deps, TENANT))[0]?.customerId, 'C-7');
  });
});
