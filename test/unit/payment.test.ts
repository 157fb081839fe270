import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, ValidationError } from '../../shared/kernel/index.js';
import { applyPaymentTo, paymentId, paymentInputSchema, paymentRequestId, paymentRequestSchema, type PaymentInput } from '../../shared/payments/index.js';
import { fieldIssues } from '../../shared/kernel/index.js';
import { openInvoice } from './fixtures.js';

const now = new Date('2026-12-03T12:00:00.000Z');

function payment(overrides: Partial<PaymentInput> = {}): PaymentInput {
  return { invoiceNumber: 'INV-1001', amount: 50000, currency: 'EUR', paidAt: '2026-12-03', reference: 'BANK-42', ...overrides };
}

describe('paymentInputSchema', () => {
  it('accepts a payment with and without a reference', () => {
    assert.equal(paymentInputSchema.safeParse(payment()).success, true);
    const { reference: _reference, ...withoutReference } = payment();
    assert.equal(paymentInputSchema.safeParse(withoutReference).success, true);
  });

  it('rejects zero, negative, fractional and string amounts at path amount', () => {
    for (const amount of [0, -1, 10.5, '100']) {
      const result = paymentInputSchema.safeParse({ ...payment(), amount });
      assert.equal(result.success, false, String(amount));
      assert.deepEqual(result.success ? [] : fieldIssues(result.error).map((issue) => issue.path), ['amount'], String(amount));
    }
  });

  it('says "is required" for a missing paidAt and rejects an impossible paidAt at path paidAt', () => {
    const { paidAt: _paidAt, ...noDate } = payment();
    const missing = paymentInputSchema.safeParse(noDate);
    assert.deepEqual(missing.success ? [] : fieldIssues(missing.error), [{ path: 'paidAt', message: 'is required' }]);
    const impossible = paymentInputSchema.safeParse({ ...payment(), paidAt: '2026-02-30' });
    assert.deepEqual(impossible.success ? [] : fieldIssues(impossible.error), [{ path: 'paidAt', message: 'is not a real calendar date' }]);
  });

  it('rejects a lower-case or unknown currency at path currency', () => {
    for (const currency of ['eur', 'XXZ']) {
      const result = paymentInputSchema.safeParse({ ...payment(), currency });
      assert.equal(result.success, false, currency);
      assert.deepEqual([...new Set(result.success ? [] : fieldIssues(result.error).map((issue) => issue.path))], ['currency'], currency);
    }
  });

  it('trims the reference', () => {
    assert.equal(paymentInputSchema.parse(payment({ reference: '  BANK-42 ' })).reference, 'BANK-42');
  });
});

describe('paymentId', () => {
  it('gives the same id for the same payment posted twice', () => {
    assert.equal(paymentId('acme', payment()), paymentId('acme', payment()));
    assert.match(paymentId('acme', payment()), /^pay_[0-9a-f]{24}$/);
  });

  it('gives a different id for a different reference, amount, date or invoice', () => {
    const base = paymentId('acme', payment());
    const others = [
      payment({ reference: 'BANK-43' }),
      payment({ reference: undefined }),
      payment({ amount: 50001 }),
      payment({ paidAt: '2026-12-04' }),
      payment({ invoiceNumber: 'INV-1002' }),
    ].map((input) => paymentId('acme', input));
    for (const id of others) assert.notEqual(id, base);
    assert.equal(new Set(others).size, others.length);
  });

  it('gives a different id for the same payment of another tenant', () => {
    assert.notEqual(paymentId('acme', payment()), paymentId('globex', payment()));
  });

  it('does not confuse fields whose concatenation is the same (invoice "A" + ref "1B" vs invoice "A1" + ref "B")', () => {
    assert.notEqual(
      paymentId('acme', payment({ invoiceNumber: 'A', reference: '1B' })),
      paymentId('acme', payment({ invoiceNumber: 'A1', reference: 'B' })),
    );
  });
});

describe('paymentRequestId', () => {
  const request = paymentRequestSchema.parse({ invoiceNumber: 'INV-1', amount: 1000, currency: 'EUR', paidAt: '2026-12-01', reference: 'r' });
  it('keeps the single-invoice id for the first copy and gives each further identical copy of a batch its own stable id', () => {
    assert.equal(paymentRequestId('acme', request), paymentId('acme', { invoiceNumber: 'INV-1', amount: 1000, currency: 'EUR', paidAt: '2026-12-01', reference: 'r' }));
    const ids = [1, 2, 3].map((occurrence) => paymentRequestId('acme', request, occurrence));
    assert.equal(new Set(ids).size, 3);
    assert.equal(paymentRequestId('acme', request, 2), ids[1]);
  });

  it('is the external id alone when there is one: equal content with distinct ids differs, the same id matches', () => {
    const tx = (externalId: string, amount = 1000) => paymentRequestSchema.parse({ ...request, amount, externalId });
    assert.notEqual(paymentRequestId('acme', tx('TX-1')), paymentRequestId('acme', tx('TX-2')));
    assert.equal(paymentRequestId('acme', tx('TX-1')), paymentRequestId('acme', tx('TX-1', 5000)));
    assert.notEqual(paymentRequestId('acme', tx('TX-1')), paymentRequestId('other', tx('TX-1')));
  });
});

describe('applyPaymentTo', () => {
  const invoice = openInvoice(); // 125000 EUR, open

  it('lowers the balance of a partial payment and keeps the invoice open', () => {
    const result = applyPaymentTo(invoice, { ...payment({ amount: 50000 }), tenantId: 'acme' }, now);
    assert.equal(result.invoice.balance, 75000);
    assert.equal(result.invoice.status, 'open');
    assert.equal(result.invoice.amount, 125000);
    assert.equal(result.invoice.updatedAt, now.toISOString());
    assert.equal(result.payment.excessAmount, 0);
    assert.equal(result.payment.paymentId, paymentId('acme', payment({ amount: 50000 })));
    assert.equal(result.payment.recordedAt, now.toISOString());
    assert.equal(result.payment.tenantId, 'acme');
  });

  it('marks the invoice paid with balance 0 when the payment is exactly the balance', () => {
    const result = applyPaymentTo(invoice, { ...payment({ amount: 125000 }), tenantId: 'acme' }, now);
    assert.equal(result.invoice.balance, 0);
    assert.equal(result.invoice.status, 'paid');
    assert.equal(result.payment.excessAmount, 0);
  });

  it('marks the invoice paid and keeps the excess of an overpayment', () => {
    const result = applyPaymentTo(invoice, { ...payment({ amount: 130000 }), tenantId: 'acme' }, now);
    assert.equal(result.invoice.balance, 0);
    assert.equal(result.invoice.status, 'paid');
    assert.equal(result.payment.excessAmount, 5000);
    assert.equal(result.payment.amount, 130000);
  });

  it('pays off a partly paid invoice with its remaining balance', () => {
    const result = applyPaymentTo({ ...invoice, balance: 25000 }, { ...payment({ amount: 25000 }), tenantId: 'acme' }, now);
    assert.equal(result.invoice.balance, 0);
    assert.equal(result.invoice.status, 'paid');
  });

  it('does not change the invoice it was given', () => {
    const before = structuredClone(invoice);
    applyPaymentTo(invoice, { ...payment(), tenantId: 'acme' }, now);
    assert.deepEqual(invoice, before);
  });

  it('throws a ValidationError at path currency when the payment is in another currency', () => {
    assert.throws(
      () => applyPaymentTo(invoice, { ...payment({ currency: 'USD' }), tenantId: 'acme' }, now),
      (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.equal(error.code, 'validation_failed');
        assert.deepEqual(error.issues.map((issue) => issue.path), ['currency']);
        assert.match(error.issues[0]!.message, /EUR/);
        return true;
      },
    );
  });

  it('throws a ConflictError invoice_not_open for a payment to a paid invoice', () => {
    const paid = { ...invoice, status: 'paid' as const, balance: 0 };
    assert.throws(
      () => applyPaymentTo(paid, { ...payment(), tenantId: 'acme' }, now),
      (error: unknown) => error instanceof ConflictError && error.code === 'invoice_not_open' && error.name === 'ConflictError',
    );
  });
});
