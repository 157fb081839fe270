import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { anInvoice, useLocalStack, type SentEmail } from './support/local-stack.js';

/** The debtor's side: the signed self-service links in every notice, on the embedded stack with a virtual clock. */
describe('customer self-service links on the embedded stack', () => {
  const { api } = useLocalStack('2026-11-20T12:00:00.000Z');
  const today = async () => dateInZone(await api().now(), 'UTC');
  let customers = 0;
  const customer = () => ({ id: `SS-C-${process.pid}-${++customers}`, name: 'Debtor Ltd', email: `ap${customers}@debtor.example`, timezone: 'UTC', accountOwner: 'owner@seller.example' });

  const linkIn = (email: SentEmail, label: string): string => {
    const line = email.text.split('\n').find((candidate) => candidate.startsWith(`${label}: `));
    assert.ok(line, `the notice has a "${label}" link:\n${email.text}`);
    return line.slice(label.length + 2);
  };
  const get = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, html: await response.text() };
  };
  const post = async (url: string, fields: Record<string, string> = {}) => {
    const link = new URL(url);
    const body = new URLSearchParams({ ...Object.fromEntries(link.searchParams), ...fields });
    const response = await fetch(`${link.origin}${link.pathname}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    return { status: response.status, html: await response.text() };
  };
  const reminders = async (invoiceNumber: string) => (await api().emailsFor(invoiceNumber)).filter((email) => !email.headers['X-Arflow-Stage']?.startsWith('customer-'));
  const firstReminder = async (dueInDays: number) => {
    const invoice = anInvoice({ dueDate: addDays(await today(), dueInDays), customer: customer() });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    await api().advanceDays(dueInDays - 2); // the due-in-3-days reminder
    const [reminder] = await reminders(invoice.invoiceNumber);
    assert.ok(reminder, 'the first reminder went out');
    return { invoice, reminder };
  };

  it('pauses collection on a dispute from the link (GET changes nothing, POST acts once), lists it, tells the owner, and refuses a changed link', async () => {
    const { invoice, reminder } = await firstReminder(5);
    const url = linkIn(reminder, 'I dispute this invoice');
    assert.match(reminder.html, /I dispute this invoice<\/a>/);

    const form = await get(url);
    assert.equal(form.status, 200);
    assert.match(form.html, /<textarea id="reason" name="reason"/);
    assert.match(form.html, /<meta name="viewport"/);
    assert.equal((await api().request<{ disputes: unknown[] }>('GET', '/disputes')).body.disputes.length, 0, 'GET changed nothing');

    const tampered = new URL(url);
    tampered.searchParams.set('sig', `${tampered.searchParams.get('sig')!.slice(0, -2)}xx`);
    const refused = await post(tampered.toString(), { reason: 'wrong quantity' });
    assert.equal(refused.status, 404);
    assert.match(refused.html, /This link is not valid/);

    const done = await post(url, { reason: 'We received 8 units, not 10.' });
    assert.equal(done.status, 200, done.html);
    assert.match(done.html, /Your dispute is recorded/);
    assert.equal((await post(url, { reason: 'again' })).status, 409, 'acts once');

    const disputes = await api().request<{ disputes: { invoiceNumber: string; reason: string }[] }>('GET', '/disputes');
    assert.deepEqual(disputes.body.disputes.filter((d) => d.invoiceNumber === invoice.invoiceNumber).map((d) => d.reason), ['We received 8 units, not 10.']);
    const told = (await api().emailsFor(invoice.invoiceNumber)).filter((email) => email.headers['X-Arflow-Stage'] === 'customer-dispute');
    assert.deepEqual(told.map((email) => email.to), [['owner@seller.example']]);
    assert.match(told[0]!.text, /We received 8 units, not 10\./);

    await api().advanceDays(40);
    assert.equal((await reminders(invoice.invoiceNumber)).length, 1, 'no reminders while disputed');
    const view = await api().getInvoice(invoice.invoiceNumber);
    assert.ok(view.body.timeline.some((event) => event.type === 'invoice.disputed'));
  });

  it('waits for a promise to pay that is kept, and sends nothing more once paid', async () => {
    const { invoice, reminder } = await firstReminder(5);
    const promiseDate = addDays(await today(), 10);
    const done = await post(linkIn(reminder, "I'll pay by a date"), { date: promiseDate });
    assert.equal(done.status, 200, done.html);
    assert.match(done.html, new RegExp(`pay by ${promiseDate}`));

    await api().advanceDays(9); // the overdue-1-day and overdue-7-days reminders fall due meanwhile
    assert.equal((await reminders(invoice.invoiceNumber)).length, 1, 'nothing before the promised date');
    assert.equal((await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 125000, currency: 'EUR', paidAt: await today() })).status, 201);
    assert.equal((await get(linkIn(reminder, "I've already paid"))).status, 409, 'a paid invoice takes no requests');
    await api().advanceDays(30);
    assert.equal((await reminders(invoice.invoiceNumber)).length, 1);
    assert.equal((await get(linkIn(reminder, "I've already paid"))).status, 410, 'links expire after 30 days');
  });

  it('resumes collection after a broken promise with a notice that says so, then the policy reminders continue', async () => {
    const { invoice, reminder } = await firstReminder(5);
    const promiseDate = addDays(await today(), 4);
    assert.equal((await post(linkIn(reminder, "I'll pay by a date"), { date: promiseDate })).status, 200);
    assert.equal((await post(linkIn(reminder, "I'll pay by a date"), { date: addDays(promiseDate, -10) })).status, 409, 'one promise per link');

    await api().advanceDays(20);
    const sent = await reminders(invoice.invoiceNumber);
    const broken = sent.find((email) => email.headers['X-Arflow-Stage'] === `promise-broken-${promiseDate}`);
    assert.ok(broken, sent.map((email) => email.headers['X-Arflow-Stage']).join(', '));
    assert.match(broken.subject, /^Payment promised by .* not received/);
    assert.match(broken.text, /You told us you would pay by .*\. We have not received the payment, so we are resuming our reminders\./);
    assert.equal(broken.time.slice(0, 10), addDays(promiseDate, 1), 'the morning after the promised day');
    const stages = sent.map((email) => email.headers['X-Arflow-Stage']);
    // overdue-1-day fell due during the promise: the broken-promise notice stands in for it; later stages follow the policy.
    assert.deepEqual(stages, ['due-in-3-days', `promise-broken-${promiseDate}`, 'overdue-7-days', 'overdue-14-days']);
    const view = await api().getInvoice(invoice.invoiceNumber);
    assert.equal(view.body.notices.find((notice) => notice.stage === 'overdue-1-day')?.status, 'skipped');
  });

  it('pauses reminders when the customer says it is paid and tells the account owner; a payment plan request reaches finance', async () => {
    const { invoice, reminder } = await firstReminder(5);
    const paid = await post(linkIn(reminder, "I've already paid"));
    assert.equal(paid.status, 200, paid.html);
    const plan = await post(linkIn(reminder, 'I need a payment plan'));
    assert.equal(plan.status, 200, plan.html);
    const told = (await api().emailsFor(invoice.invoiceNumber)).filter((email) => email.headers['X-Arflow-Stage']?.startsWith('customer-'));
    assert.deepEqual(told.map((email) => [email.headers['X-Arflow-Stage'], email.to[0]]).sort(), [
      ['customer-already-paid', 'owner@seller.example'],
      ['customer-payment-plan', 'owner@seller.example'],
    ]);
    await api().advanceDays(5); // overdue-1-day falls due inside the 7-day pause
    assert.equal((await reminders(invoice.invoiceNumber)).length, 1, 'paused while finance reconciles');
    await api().advanceDays(10);
    assert.ok((await reminders(invoice.invoiceNumber)).length > 1, 'collection resumes after the pause');
  });
});
