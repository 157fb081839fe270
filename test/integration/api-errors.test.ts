import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anInvoice, useLocalStack } from './support/local-stack.js';

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

/** Bad input gets a 4xx that names the field and the reason; never a 5xx. */
describe('API errors on the embedded stack', () => {
  const { api } = useLocalStack();

  const rejects = async (body: unknown, status: number, code: string, path?: string, message?: RegExp): Promise<void> => {
    const response = await api().request<ErrorBody>('POST', '/invoices', body);
    assert.equal(response.status, status, JSON.stringify(response.body));
    assert.equal(response.body.error.code, code);
    if (path) {
      const issue = response.body.error.issues?.find((candidate) => candidate.path === path);
      assert.ok(issue, `expected an issue at ${path}, got ${JSON.stringify(response.body.error.issues)}`);
      if (message) assert.match(issue.message, message);
    }
  };

  it('returns 422 naming the field for a wrong type', () => rejects(anInvoice({ amount: '1250' }), 422, 'validation_failed', 'amount', /must be a number/));
  it('returns 422 "is required" for a missing field', async () => {
    const { customer: _customer, ...invoice } = anInvoice();
    await rejects(invoice, 422, 'validation_failed', 'customer', /is required/);
  });
  it('returns 422 for a missing nested field', () => rejects(anInvoice({ customer: { id: 'C-1', name: 'Acme' } }), 422, 'validation_failed', 'customer.email', /is required/));
  it('returns 422 for a negative amount', () => rejects(anInvoice({ amount: -5 }), 422, 'validation_failed', 'amount', /greater than zero/));
  it('returns 422 for a fractional amount of minor units', () => rejects(anInvoice({ amount: 12.5 }), 422, 'validation_failed', 'amount', /integer/));
  it('returns 422 for an unknown currency', () => rejects(anInvoice({ currency: 'XYZ' }), 422, 'validation_failed', 'currency', /ISO 4217/));
  it('returns 422 for a due date before the issue date', () =>
    rejects(anInvoice({ issueDate: '2026-12-01', dueDate: '2026-11-01' }), 422, 'validation_failed', 'dueDate', /before issueDate/));
  it('returns 422 for a date that does not exist', () => rejects(anInvoice({ dueDate: '2026-02-30' }), 422, 'validation_failed', 'dueDate', /real calendar date/));
  it('returns 422 for an unknown time zone', () =>
    rejects(anInvoice({ customer: { id: 'C', name: 'N', email: 'a@b.example', timezone: 'Mars/Olympus' } }), 422, 'validation_failed', 'customer.timezone'));
  it('returns 422 for a bad email address', () =>
    rejects(anInvoice({ customer: { id: 'C', name: 'N', email: 'not-an-email' } }), 422, 'validation_failed', 'customer.email'));
  it('returns 422 for a javascript: payment link', () =>
    rejects(anInvoice({ paymentLinkUrl: 'javascript:alert(1)' }), 422, 'validation_failed', 'paymentLinkUrl'));
  it('returns 400 for invalid JSON', () => rejects('{"invoiceNumber": ', 400, 'invalid_json'));
  it('returns 400 for an empty body', () => rejects('', 400, 'invalid_json'));
  it('returns 413 for a 2 MB body', () => rejects({ ...anInvoice(), metadata: { blob: 'x'.repeat(2 * 1024 * 1024) } }, 413, 'payload_too_large'));
  it('returns 422 for a batch of 501 invoices', () =>
    rejects({ invoices: Array.from({ length: 501 }, () => anInvoice()) }, 422, 'validation_failed', 'invoices', /at most 500/));
  it('returns 415 for a body that is not JSON', async () => {
    const response = await api().request<ErrorBody>('POST', '/invoices', 'a,b,c', { 'content-type': 'text/csv' });
    assert.equal(response.status, 415);
  });

  it('reports each item of a batch: created, unchanged, invalid', async () => {
    const good = anInvoice();
    const response = await api().request<{ summary: Record<string, number>; results: { index: number; status: number; outcome: string; error?: ErrorBody['error'] }[] }>(
      'POST',
      '/invoices',
      { invoices: [good, good, anInvoice({ amount: -1 }), anInvoice()] },
    );
    assert.equal(response.status, 200);
    assert.deepEqual(response.body.summary, { created: 2, unchanged: 1, invalid: 1, conflict: 0, error: 0 });
    const invalid = response.body.results.find((result) => result.outcome === 'invalid');
    assert.equal(invalid?.index, 2);
    assert.equal(invalid?.status, 422);
    assert.equal(invalid?.error?.issues?.[0]?.path, 'amount');
  });

  it('refuses requests without an API key (401) or with an unknown one (403)', async () => {
    const anonymous = await fetch(`${api().baseUrl}/invoices`, { method: 'POST', body: JSON.stringify(anInvoice()) });
    assert.equal(anonymous.status, 401);
    assert.equal((await api().withKey('not-a-real-key-0000000000').postInvoice(anInvoice())).status, 403);
  });

  it('answers GET /health without a key', async () => {
    const response = await fetch(`${api().baseUrl}/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', service: 'arflow' });
  });

  it('returns 404 for an unknown invoice', async () => {
    const response = await api().request<ErrorBody>('GET', '/invoices/NOPE-1');
    assert.equal(response.status, 404);
    assert.equal(response.body.error.code, 'not_found');
  });

  describe('payments', () => {
    it('returns 422 for a payment in another currency than the invoice', async () => {
      const invoice = anInvoice();
      await api().postInvoice(invoice);
      const response = await api().request<ErrorBody>('POST', '/payments', { invoiceNumber: invoice.invoiceNumber, amount: 100, currency: 'USD', paidAt: '2026-11-20' });
      assert.equal(response.status, 422);
      assert.equal(response.body.error.issues?.[0]?.path, 'currency');
    });
    it('returns 404 for a payment of an unknown invoice', async () => {
      const response = await api().request<ErrorBody>('POST', '/payments', { invoiceNumber: 'NOPE-2', amount: 100, currency: 'EUR', paidAt: '2026-11-20' });
      assert.equal(response.status, 404);
    });
    it('returns 422 for a zero payment', async () => {
      const response = await api().request<ErrorBody>('POST', '/payments', { invoiceNumber: 'X', amount: 0, currency: 'EUR', paidAt: '2026-11-20' });
      assert.equal(response.status, 422);
      assert.equal(response.body.error.issues?.[0]?.path, 'amount');
    });
    it('records the same payment posted twice once (200 duplicate), and a payment to a paid invoice is a 409', async () => {
      const invoice = anInvoice();
      await api().postInvoice(invoice);
      const payment = { invoiceNumber: invoice.invoiceNumber, amount: 125000, currency: 'EUR', paidAt: '2026-11-20', reference: 'r1' };
      assert.equal((await api().postPayment(payment)).status, 201);
      const again = await api().postPayment(payment);
      assert.equal(again.status, 200);
      assert.equal(again.body['outcome'], 'duplicate');
      const another = await api().request<ErrorBody>('POST', '/payments', { ...payment, reference: 'r2' });
      assert.equal(another.status, 409);
      assert.equal(another.body.error.code, 'invoice_not_open');
    });
  });
});
