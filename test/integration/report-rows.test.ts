import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDocumentClient } from '../../shared/kernel/index.js';
import { DynamoReportRowStore } from '../../shared/reports/index.js';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { reportInvoiceOf } from '../../shared/reports/index.js';
import { anInvoice, useLocalStack, type SentEmail } from './support/local-stack.js';

/**
 * Report rows follow every change that moves a report's figures, through the table's stream and the
 * project-reports function, on the embedded stack: each row equals what the invoice and its timeline
 * give now (from-timeline.ts, the reports' old source), once the projector has caught up.
 */
describe('report rows on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const rows = () => new DynamoReportRowStore(createDocumentClient(), process.env['TABLE_NAME']!);
  const today = async () => dateInZone(await api().now(), 'UTC');
  let customers = 0;
  const customer = (extra: Record<string, unknown> = {}) => ({ id: `RR-C-${process.pid}-${++customers}`, name: 'Rows Ltd', email: `ap${customers}@rows.example`, timezone: 'UTC', ...extra });

  /** The stored row once current, checked against the invoice and timeline it was built from. */
  async function currentRow(invoiceNumber: string) {
    await api().reportsCurrent();
    const stored = await rows().get(stack().tenantId, invoiceNumber);
    assert.ok(stored, `a row for ${invoiceNumber}`);
    const invoices = stack().repositories.invoices;
    const invoice = await invoices.get(stack().tenantId, invoiceNumber);
    assert.deepEqual(stored.row, reportInvoiceOf(invoice!, await invoices.timeline(stack().tenantId, invoiceNumber)), 'the row is what the invoice and its timeline give now');
    return stored;
  }
  const linkIn = (email: SentEmail, label: string): string => {
    const line = email.text.split('\n').find((candidate) => candidate.startsWith(`${label}: `));
    assert.ok(line, `the notice has a "${label}" link`);
    return line.slice(label.length + 2);
  };
  const postLink = async (url: string, fields: Record<string, string> = {}) => {
    const link = new URL(url);
    const response = await fetch(`${link.origin}${link.pathname}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...Object.fromEntries(link.searchParams), ...fields }) });
    return response.status;
  };

  it('writes a row for a new invoice and follows its payments by the date they were paid', async () => {
    const invoice = anInvoice({ customer: customer(), issueDate: '2026-10-01', dueDate: '2026-10-31', amount: 50000 });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    assert.deepEqual((await currentRow(invoice.invoiceNumber)).row.payments, []);
    assert.equal((await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 20000, currency: 'EUR', paidAt: '2026-11-10' })).status, 201);
    assert.deepEqual((await currentRow(invoice.invoiceNumber)).row.payments, [{ date: '2026-11-10', amount: 20000 }]);
  });

  it('follows a dispute, a partial credit note and a cancellation that takes the invoice out of AR', async () => {
    const invoice = anInvoice({ customer: customer(), dueDate: addDays(await today(), 5) });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const recorded = await api().request<{ dispute: { disputeId: string } }>('POST', '/disputes', { invoiceNumber: invoice.invoiceNumber, reason: 'two units damaged' });
    assert.equal(recorded.status, 201);
    assert.equal((await currentRow(invoice.invoiceNumber)).row.disputedAt, await today());
    const credited = await api().request('POST', `/disputes/${recorded.body.dispute.disputeId}/resolve`, { kind: 'credit-note', amount: 25000 });
    assert.equal(credited.status, 200, JSON.stringify(credited.body));
    assert.equal((await currentRow(invoice.invoiceNumber)).row.amount, 100000, 'a credit note lowers what was invoiced');

    const other = anInvoice({ customer: customer(), dueDate: addDays(await today(), 5) });
    assert.equal((await api().postInvoice(other)).status, 201);
    const second = await api().request<{ dispute: { disputeId: string } }>('POST', '/disputes', { invoiceNumber: other.invoiceNumber, reason: 'wrong entity' });
    assert.equal((await api().request('POST', `/disputes/${second.body.dispute.disputeId}/resolve`, { kind: 'cancel', note: 'issued to the wrong entity' })).status, 200);
    assert.equal((await currentRow(other.invoiceNumber)).row.closedAt, await today());
  });

  it('follows a promise to pay made through the link, and costs no row write for a reminder', async () => {
    const invoice = anInvoice({ customer: customer(), dueDate: addDays(await today(), 5) });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const before = await currentRow(invoice.invoiceNumber);
    await api().advanceDays(3); // the due-in-3-days reminder goes out
    const [reminder] = (await api().emailsFor(invoice.invoiceNumber)).filter((email) => !email.headers['X-Arflow-Stage']?.startsWith('customer-'));
    assert.ok(reminder, 'the first reminder went out');
    const afterReminder = await currentRow(invoice.invoiceNumber);
    assert.equal(afterReminder.position, before.position, 'a reminder changes no figure, so the row is not written again');

    const promised = addDays(await today(), 10);
    assert.equal(await postLink(linkIn(reminder, "I'll pay by a date"), { date: promised }), 200);
    const { row } = await currentRow(invoice.invoiceNumber);
    assert.deepEqual(row.promises, [{ madeAt: await today(), date: promised }]);
  });

  it('follows an escalation while it waits for a decision, and drops it when the approval times out', async () => {
    const policy = {
      stages: [{ id: 'overdue-1-day', offsetDays: 1 }],
      escalation: { afterDaysOverdue: 2, approvers: { accountOwner: false, emails: ['finance@seller.example'] }, approvalTimeoutDays: 5, onTimeout: 'pause' },
    };
    assert.equal((await api().request('PUT', '/policies/rows-escalating', policy)).status, 201);
    const invoice = anInvoice({ customer: customer(), issueDate: await today(), dueDate: addDays(await today(), 1), amount: 90000, policy: 'rows-escalating' });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    await api().advanceDays(4);
    const waiting = (await currentRow(invoice.invoiceNumber)).row.pendingEscalation;
    assert.deepEqual([waiting?.approvers, waiting?.balance], [['finance@seller.example'], 90000]);
    await api().advanceDays(7);
    assert.equal((await currentRow(invoice.invoiceNumber)).row.pendingEscalation, undefined);
  });

  it("reads one customer's rows through its index, and another tenant's reports see none of them", async () => {
    const mine = customer();
    const invoices = [anInvoice({ customer: mine, amount: 1000 }), anInvoice({ customer: mine, amount: 2000 }), anInvoice({ customer: customer(), amount: 4000 })];
    for (const invoice of invoices) assert.equal((await api().postInvoice(invoice)).status, 201);
    await api().reportsCurrent();
    const listed = await rows().list(stack().tenantId, { customerId: mine.id });
    assert.deepEqual(listed.map((row) => row.invoiceNumber).sort(), invoices.slice(0, 2).map((invoice) => invoice.invoiceNumber).sort());
    assert.deepEqual(await rows().list('rows-other-tenant'), []);
  });
});
