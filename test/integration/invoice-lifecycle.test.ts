import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

/** Integration: the HTTP API, the state machine and SES on the embedded stack, with a virtual clock. */
describe('invoice lifecycle on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');

  it('sends the four default reminders at 09:00 Berlin time, and nothing more', async () => {
    const invoice = anInvoice({ dueDate: '2026-12-01' });
    const created = await api().postInvoice(invoice);
    assert.equal(created.status, 201);

    await api().advanceDays(40);
    const emails = await api().emailsFor(invoice.invoiceNumber);
    assert.deepEqual(
      emails.map((email) => [email.time, email.headers['X-Arflow-Stage']]),
      [
        ['2026-11-28T08:00:00.000Z', 'due-in-3-days'],
        ['2026-12-02T08:00:00.000Z', 'overdue-1-day'],
        ['2026-12-08T08:00:00.000Z', 'overdue-7-days'],
        ['2026-12-15T08:00:00.000Z', 'overdue-14-days'],
      ],
    );
    for (const email of emails) {
      assert.deepEqual(email.to, ['ap@acme.example']);
      assert.match(email.text, new RegExp(invoice.invoiceNumber));
      assert.match(email.text, /€1,250\.00/);
      assert.match(email.text, /https:\/\/pay\.example\/i\/1001/);
      assert.match(email.html, /<a\s+href="https:\/\/pay\.example\/i\/1001"/);
    }
    assert.match(emails[0]!.subject, /^Reminder: invoice .* due 1 December 2026$/);
    assert.match(emails[3]!.subject, /^Overdue: .* 14 days past due$/);
    assert.match(emails[3]!.text, /is 14 days overdue/);

    const view = await api().getInvoice(invoice.invoiceNumber);
    assert.equal(view.status, 200);
    assert.deepEqual(
      view.body.notices.map((notice) => [notice.stage, notice.status]),
      [
        ['due-in-3-days', 'sent'],
        ['overdue-1-day', 'sent'],
        ['overdue-14-days', 'sent'],
        ['overdue-7-days', 'sent'],
      ],
    );
    const sent = view.body.timeline.filter((event) => event.type === 'reminder.sent');
    assert.deepEqual(
      sent.map((event) => event.detail?.['messageId']),
      emails.map((email) => email.messageId),
      'the timeline records each message id SES returned',
    );
    assert.equal(view.body.timeline[0]!.type, 'invoice.created');
    assert.equal(view.body.timeline.filter((event) => event.type === 'reminder.scheduled').length, 4);
    assert.equal(view.body.invoice.workflow.status, 'collecting');
  });

  it('sends no reminder for an invoice paid before its first reminder, and stops its workflow', async () => {
    const today = dateInZone(await api().now(), 'UTC');
    const invoice = anInvoice({ dueDate: addDays(today, 10), customer: { id: 'C-PAID', name: 'Paid Ltd', email: 'ap@paid.example' } });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    await api().advanceDays(2);

    const payment = await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 125000, currency: 'EUR', paidAt: today, reference: 'bank ref 123' });
    assert.equal(payment.status, 201);
    assert.equal((payment.body['invoice'] as { status: string }).status, 'paid');

    await api().advanceDays(40);
    assert.deepEqual(await api().emailsFor(invoice.invoiceNumber), []);
    const view = await api().getInvoice(invoice.invoiceNumber);
    assert.equal(view.body.invoice.status, 'paid');
    assert.equal(view.body.invoice.balance, 0);
    assert.ok(view.body.timeline.some((event) => event.type === 'payment.received'));
    const execution = stack().stateMachine.list().find((candidate) => candidate.name.includes(invoice.invoiceNumber));
    assert.equal(execution?.status, 'ABORTED', 'the payment stopped the workflow');
  });

  it('gives an invoice posted twice one workflow and one set of emails', async () => {
    const today = dateInZone(await api().now(), 'UTC');
    const invoice = anInvoice({ dueDate: addDays(today, 5), customer: { id: 'C-TWICE', name: 'Twice SA', email: 'ap@twice.example' } });
    const first = await api().postInvoice(invoice);
    const second = await api().postInvoice({ ...invoice, customer: { ...(invoice['customer'] as object) } });
    assert.equal(first.status, 201);
    assert.equal(second.status, 200);
    assert.equal(second.body['outcome'], 'unchanged');

    await api().advanceDays(30);
    const executions = stack().stateMachine.list().filter((execution) => execution.name.includes(invoice.invoiceNumber));
    assert.equal(executions.length, 1);
    const stages = (await api().emailsFor(invoice.invoiceNumber)).map((email) => email.headers['X-Arflow-Stage']);
    assert.deepEqual(stages, ['due-in-3-days', 'overdue-1-day', 'overdue-7-days', 'overdue-14-days']);
  });

  it('refuses an invoice number reused with different content (409) and keeps the original', async () => {
    const invoice = anInvoice();
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const reused = await api().postInvoice({ ...invoice, amount: 99 });
    assert.equal(reused.status, 409);
    assert.equal((reused.body['error'] as { code: string }).code, 'invoice_number_reused');
    assert.equal((await api().getInvoice(invoice.invoiceNumber)).body.invoice.amount, 125000);
  });

  it('sends only the latest due stage for an invoice ingested 20 days overdue, not a burst of back-dated reminders', async () => {
    const today = dateInZone(await api().now(), 'UTC');
    const invoice = anInvoice({ issueDate: addDays(today, -50), dueDate: addDays(today, -20), customer: { id: 'C-LATE', name: 'Late GmbH', email: 'ap@late.example' } });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    await api().advanceDays(1);

    const emails = await api().emailsFor(invoice.invoiceNumber);
    assert.deepEqual(emails.map((email) => email.headers['X-Arflow-Stage']), ['overdue-14-days']);
    assert.match(emails[0]!.subject, /20 days past due/);
    const view = await api().getInvoice(invoice.invoiceNumber);
    const skipped = view.body.notices.filter((notice) => notice.status === 'skipped').map((notice) => notice.stage).sort();
    assert.deepEqual(skipped, ['due-in-3-days', 'overdue-1-day', 'overdue-7-days']);
  });

  it('reminds with the remaining balance after a partial payment', async () => {
    const today = dateInZone(await api().now(), 'UTC');
    const invoice = anInvoice({ dueDate: addDays(today, 10), customer: { id: 'C-PART', name: 'Part AG', email: 'ap@part.example', timezone: 'UTC' } });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const partial = await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 25000, currency: 'EUR', paidAt: today });
    assert.equal(partial.status, 201);
    assert.equal((partial.body['invoice'] as { balance: number }).balance, 100000);

    await api().advanceDays(8);
    const [reminder] = await api().emailsFor(invoice.invoiceNumber);
    assert.ok(reminder, 'the reminder before the due date went out');
    assert.match(reminder.text, /Amount due: €1,000\.00 \(of €1,250\.00/);
  });

  it('keeps tenants apart: another tenant cannot read the invoice', async () => {
    const invoice = anInvoice();
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const { DynamoApiKeyStore } = await import('../../shared/identity/index.js');
    const { createDocumentClient } = await import('../../shared/kernel/index.js');
    await new DynamoApiKeyStore(createDocumentClient(), process.env['TABLE_NAME']!).put('other-tenant-key-0123456789', 'other-tenant', 'test');
    const other = api().withKey('other-tenant-key-0123456789');
    assert.equal((await other.getInvoice(invoice.invoiceNumber)).status, 404);
    // Same number, other tenant: a separate invoice, not a conflict.
    assert.equal((await other.postInvoice({ ...invoice, amount: 5 })).status, 201);
    assert.equal((await api().getInvoice(invoice.invoiceNumber)).body.invoice.amount, 125000);
  });
});
