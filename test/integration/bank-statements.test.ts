import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ImportBucket } from './support/imports.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

const fixture = (name: string) => readFileSync(`test/fixtures/camt/${name}`, 'utf8');
type Statement = { status: string; error?: { code: string }; statement: { matchedByReference: number; matchedByNumber: number; suggested: number; ignored: { debits: number; notBooked: number }; amounts: Record<string, { credited: number; matched: number }>; automaticMatchRate: number } };
type Unapplied = { payments: { paymentId: string; amount: number; bankTransaction?: { suggestions: { invoiceNumbers: string[]; why: string }[]; debtorName?: string } }[] };

/** Integration: camt statements dropped into s3rver and posted to the API, applied on the embedded stack. */
describe('bank statements', () => {
  const { api, stack } = useLocalStack('2026-12-10T08:00:00.000Z');
  const bucket = () => new ImportBucket(stack());
  // 7002's upstream sends its Swiss QR reference; the others get the RF reference arflow derives (INV7001 → RF93INV7001).
  const qrReferences: Record<string, string> = { '7002': '000000000000000000000070029' };
  const invoice = (invoiceNumber: string, amount: number, customer: { id: string; name: string }, currency = 'EUR') =>
    api().postInvoice(anInvoice({ invoiceNumber, amount, currency, customer: { ...customer, email: 'ap@customer.example' }, dueDate: '2026-12-20', ...(qrReferences[invoiceNumber] ? { paymentReference: qrReferences[invoiceNumber] } : {}) }));

  it('closes the invoices a dropped statement pays, by RF and QR reference and by two numbers, and reports it', async () => {
    for (const [number, amount, id, name, currency] of [
      ['INV7001', 50000, 'C-RF', 'Rheinfeld GmbH', 'EUR'],
      ['7002', 120000, 'C-QR', 'Zuercher Uhren AG', 'CHF'],
      ['INV-7003', 25000, 'C-TWO', 'Two Invoices Ltd', 'EUR'],
      ['INV-7004', 15000, 'C-TWO', 'Two Invoices Ltd', 'EUR'],
      ['INV-7110', 6000, 'C-TY', 'Typo Traders', 'EUR'],
    ] as const) assert.equal((await invoice(number, amount, { id, name }, currency)).status, 201, number);

    await bucket().drop('incoming/demo/bank-statements/2026-12-07.xml', fixture('camt053-v02-statements.xml'));
    const report = (await bucket().report('reports/demo/bank-statements/2026-12-07.xml.json')) as unknown as Statement;
    assert.equal(report.status, 'completed', JSON.stringify(report.error));
    assert.equal(report.statement.matchedByReference, 2);
    assert.equal(report.statement.matchedByNumber, 1);
    assert.deepEqual(report.statement.ignored, { debits: 1, notBooked: 1 });
    assert.deepEqual(report.statement.amounts['CHF'], { credited: 120000, matched: 120000 });
    for (const number of ['INV7001', '7002', 'INV-7003', 'INV-7004']) {
      const view = await api().getInvoice(number);
      assert.equal(view.body.invoice.status, 'paid', number);
      assert.ok(view.body.timeline.some((event) => event.type === 'payment.received'), number);
    }
  });

  it('records an overlapping notification once, and lists its typo as unapplied cash with a suggestion a person confirms', async () => {
    await bucket().drop('incoming/demo/bank-statements/intraday-054.xml', fixture('camt054-v08-notification.xml'));
    const report = (await bucket().report('reports/demo/bank-statements/intraday-054.xml.json')) as unknown as Statement;
    assert.equal(report.statement.suggested, 1);
    assert.equal((await api().getInvoice('INV-7110')).body.invoice.status, 'open');
    const unapplied = await api().request<Unapplied>('GET', '/payments/unapplied');
    const cash = unapplied.body.payments.find((payment) => payment.bankTransaction?.debtorName === 'Typo Traders');
    assert.ok(cash, JSON.stringify(unapplied.body));
    assert.deepEqual(cash.bankTransaction!.suggestions.map((suggestion) => suggestion.invoiceNumbers), [['INV-7110']]);
    const confirmed = await api().request('POST', `/payments/${cash.paymentId}/allocate`, { allocations: [{ invoiceNumber: 'INV-7110' }], by: 'jo@finance.example' });
    assert.equal(confirmed.status, 200);
    assert.equal((await api().getInvoice('INV-7110')).body.invoice.status, 'paid');
    assert.equal(unapplied.body.payments.filter((payment) => payment.amount === 50000).length, 0, 'the RF credit was not recorded twice');
  });

  it('undoes a payment the bank reversed: the invoice owes again and its workflow runs on', async () => {
    assert.equal((await invoice('INV-7008', 8000, { id: 'C-RV', name: 'Reversal Kunde GmbH' })).status, 201);
    await bucket().drop('incoming/demo/bank-statements/2026-12-09.xml', fixture('camt053-v08-reversal.xml'));
    const view = await api().getInvoice('INV-7008');
    assert.deepEqual([view.body.invoice.status, view.body.invoice.balance], ['open', 8000]);
    assert.deepEqual(view.body.timeline.filter((event) => event.type.startsWith('payment.')).map((event) => event.type), ['payment.received', 'payment.reversed']);
    assert.ok(view.body.timeline.some((event) => event.type === 'workflow.started' && event.detail?.['revision'] === 2), JSON.stringify(view.body.timeline.map((event) => event.type)));
  });

  it('takes a statement posted as XML, answers its report, and serves it by id; refuses JSON and a file that is not a statement', async () => {
    const posted = await api().request<{ statementId: string; report: Statement }>('POST', '/bank-statements', fixture('camt053-v04-batch.xml'), { 'content-type': 'application/xml' });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    assert.equal(posted.body.report.statement.matchedByNumber, 0, 'INV-7005/7006 do not exist here');
    const again = await api().request<{ statementId: string }>('POST', '/bank-statements', fixture('camt053-v04-batch.xml'), { 'content-type': 'application/xml' });
    assert.equal(again.body.statementId, posted.body.statementId);
    assert.equal((await api().request('GET', `/bank-statements/${posted.body.statementId}`)).status, 200);
    assert.equal((await api().request('GET', '/bank-statements/0123456789abcdef0123456789abcdef')).status, 404);
    assert.equal((await api().request('POST', '/bank-statements', fixture('camt053-v04-batch.xml'))).status, 415);
    const bad = await api().request<{ error: { code: string } }>('POST', '/bank-statements', fixture('bad-other-message.xml'), { 'content-type': 'application/xml' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.code, 'invalid_statement');
  });
});
