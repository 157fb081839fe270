import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anInvoice, useLocalStack } from './support/local-stack.js';

/** At most one notice per customer per day: same-day notices go out as one email listing every invoice. */
describe('contact limits on the embedded stack', () => {
  const { api } = useLocalStack('2026-11-20T12:00:00.000Z');
  const customer = { id: 'C-DAY', name: 'Daily GmbH', email: 'ap@daily.example', timezone: 'UTC' };

  it('sends one email listing both invoices due the same day, and defers a third that falls due after it', async () => {
    assert.equal((await api().request('PUT', '/policies/daily', { onePerCustomerPerDay: true, stages: [{ id: 'overdue-1', offsetDays: 1 }] })).status, 201);
    const a = anInvoice({ dueDate: '2026-11-23', policy: 'daily', customer, amount: 10000 });
    const b = anInvoice({ dueDate: '2026-11-23', policy: 'daily', customer, amount: 25050 });
    assert.equal((await api().postInvoice(a)).status, 201);
    assert.equal((await api().postInvoice(b)).status, 201);

    await api().advanceTo('2026-11-24T10:00:00.000Z');
    const emails = (await api().emails()).filter((email) => email.to[0] === 'ap@daily.example');
    assert.equal(emails.length, 1, 'one notice for the day');
    assert.equal(emails[0]!.time, '2026-11-24T09:00:00.000Z');
    assert.match(emails[0]!.subject, /2 invoices, €350\.50 in total/);
    for (const invoice of [a, b]) assert.match(emails[0]!.text, new RegExp(`Invoice ${invoice.invoiceNumber}: `));
    const [viewA, viewB] = await Promise.all([api().getInvoice(a.invoiceNumber), api().getInvoice(b.invoiceNumber)]);
    assert.equal(viewA.body.notices[0]?.status, 'sent');
    assert.equal(viewA.body.notices[0]?.messageId, viewB.body.notices[0]?.messageId, 'both recorded with the one email');

    // Ingested at noon, already overdue: due now, but the customer had today's notice.
    await api().advanceTo('2026-11-24T12:00:00.000Z');
    const c = anInvoice({ issueDate: '2026-10-21', dueDate: '2026-11-20', policy: 'daily', customer });
    assert.equal((await api().postInvoice(c)).status, 201);
    await api().advanceTo('2026-11-24T16:00:00.000Z');
    assert.deepEqual(await api().emailsFor(c.invoiceNumber), [], 'not a second email on the same day');

    await api().advanceTo('2026-11-25T10:00:00.000Z');
    const later = await api().emailsFor(c.invoiceNumber);
    assert.deepEqual(later.map((email) => email.time), ['2026-11-25T09:00:00.000Z']);
    const viewC = await api().getInvoice(c.invoiceNumber);
    assert.ok(viewC.body.timeline.some((event) => event.type === 'reminder.deferred'));
  });
});
