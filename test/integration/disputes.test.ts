import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { anInvoice, useLocalStack, type SentEmail } from './support/local-stack.js';

interface DisputeView {
  disputeId: string;
  invoiceNumber: string;
  reason: string;
  balance: number;
}
interface ErrorView {
  error: { code: string; issues?: { path: string; message: string }[] };
}

/** Disputes recorded by finance and through the customer's link, and their resolution, on the embedded stack with a virtual clock. */
describe('disputes on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const today = async () => dateInZone(await api().now(), 'UTC');
  let customers = 0;
  const customer = () => ({ id: `DSP-C-${process.pid}-${++customers}`, name: 'Disputer AG', email: `ap${customers}@disputer.example`, timezone: 'UTC' });
  const listed = async (invoiceNumber: string) =>
    (await api().request<{ disputes: DisputeView[] }>('GET', '/disputes')).body.disputes.filter((dispute) => dispute.invoiceNumber === invoiceNumber);

  it('records a dispute for finance: collection pauses, it is listed and on the timeline; a second one, an unknown or a paid invoice and a bad body are refused', async () => {
    const invoice = anInvoice({ dueDate: addDays(await today(), 5), customer: customer() });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const recorded = await api().request<{ dispute: { disputeId: string; status: string } }>('POST', '/disputes', { invoiceNumber: invoice.invoiceNumber, reason: 'Customer called: 2 units damaged', by: 'jo@finance.example' });
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    assert.equal(recorded.body.dispute.status, 'open');
    assert.deepEqual((await listed(invoice.invoiceNumber)).map((dispute) => [dispute.disputeId, dispute.reason, dispute.balance]), [[recorded.body.dispute.disputeId, 'Customer called: 2 units damaged', 125000]]);

    const again = await api().request<ErrorView>('POST', '/disputes', { invoiceNumber: invoice.invoiceNumber, reason: 'again, twice' });
    assert.deepEqual([again.status, again.body.error.code], [409, 'already_disputed']);
    const unknown = await api().request<ErrorView>('POST', '/disputes', { invoiceNumber: 'NO-SUCH-9', reason: 'who is this' });
    assert.equal(unknown.status, 404);
    const invalid = await api().request<ErrorView>('POST', '/disputes', { invoiceNumber: invoice.invoiceNumber, reason: '' });
    assert.equal(invalid.status, 422);
    assert.deepEqual(invalid.body.error.issues?.map((issue) => issue.path), ['reason']);

    await api().advanceDays(30);
    assert.deepEqual(await api().emailsFor(invoice.invoiceNumber), [], 'no reminders while disputed');
    const view = await api().getInvoice(invoice.invoiceNumber);
    const event = view.body.timeline.find((candidate) => candidate.type === 'invoice.disputed');
    assert.deepEqual([event?.detail?.['source'], event?.detail?.['recordedBy']], ['finance', 'jo@finance.example']);

    const paid = anInvoice({ dueDate: addDays(await today(), 5), customer: customer() });
    assert.equal((await api().postInvoice(paid)).status, 201);
    assert.equal((await api().postPayment({ invoiceNumber: paid.invoiceNumber, amount: 125000, currency: 'EUR', paidAt: await today() })).status, 201);
    const closed = await api().request<ErrorView>('POST', '/disputes', { invoiceNumber: paid.invoiceNumber, reason: 'too late now' });
    assert.deepEqual([closed.status, closed.body.error.code], [409, 'invoice_not_open']);
  });
  const reminders = async (invoiceNumber: string) => (await api().emailsFor(invoiceNumber)).filter((email) => !email.headers['X-Arflow-Stage']?.startsWith('customer-'));
  const linkIn = (email: SentEmail, label: string): string => {
    const line = email.text.split('\n').find((candidate) => candidate.startsWith(`${label}: `));
    assert.ok(line, `the notice has a "${label}" link:\n${email.text}`);
    return line.slice(label.length + 2);
  };
  const postForm = async (url: string, fields: Record<string, string>) => {
    const link = new URL(url);
    const response = await fetch(`${link.origin}${link.pathname}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...Object.fromEntries(link.searchParams), ...fields }) });
    return { status: response.status, html: await response.text() };
  };
  const resolve = (disputeId: string, resolution: Record<string, unknown>) =>
    api().request<{ dispute: { status: string; resolution?: { kind: string } }; invoice: { status: string; balance: number } } & Partial<ErrorView>>('POST', `/disputes/${disputeId}/resolve`, resolution);
  const financeDispute = async (dueInDays: number, amount = 125000) => {
    const invoice = anInvoice({ dueDate: addDays(await today(), dueInDays), customer: customer(), amount });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const recorded = await api().request<{ dispute: { disputeId: string } }>('POST', '/disputes', { invoiceNumber: invoice.invoiceNumber, reason: 'price differs from the order' });
    assert.equal(recorded.status, 201);
    return { invoice, disputeId: recorded.body.dispute.disputeId };
  };

  it('pauses collection on a dispute from the customer link; rejecting it resumes reminders on a new workflow revision, once', async () => {
    const invoice = anInvoice({ dueDate: addDays(await today(), 5), customer: customer() });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    await api().advanceDays(3); // the due-in-3-days reminder
    const [reminder] = await reminders(invoice.invoiceNumber);
    assert.ok(reminder, 'the first reminder went out');
    assert.equal((await postForm(linkIn(reminder, 'I dispute this invoice'), { reason: 'Goods never arrived.' })).status, 200);
    const [dispute] = await listed(invoice.invoiceNumber);
    assert.ok(dispute);

    await api().advanceDays(10); // overdue-1-day and overdue-7-days fall due while disputed
    assert.equal((await reminders(invoice.invoiceNumber)).length, 1, 'nothing while disputed');

    const rejected = await resolve(dispute.disputeId, { kind: 'reject', note: 'Delivery note signed on 2026-11-18', by: 'jo@finance.example' });
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    assert.deepEqual([rejected.body.dispute.status, rejected.body.invoice.status], ['resolved', 'open']);
    const again = await resolve(dispute.disputeId, { kind: 'cancel' });
    assert.deepEqual([again.status, again.body.error?.code], [409, 'dispute_resolved']);
    assert.deepEqual(await listed(invoice.invoiceNumber), [], 'no longer listed');

    await api().advanceDays(1);
    const stages = (await reminders(invoice.invoiceNumber)).map((email) => email.headers['X-Arflow-Stage']);
    assert.deepEqual(stages, ['due-in-3-days', 'overdue-7-days'], 'collection resumes with the latest stage due; the one it supersedes is skipped');
    const view = await api().getInvoice(invoice.invoiceNumber);
    const resolved = view.body.timeline.find((event) => event.type === 'dispute.resolved');
    assert.deepEqual([resolved?.detail?.['kind'], resolved?.detail?.['note'], resolved?.detail?.['resolvedBy']], ['reject', 'Delivery note signed on 2026-11-18', 'jo@finance.example']);
    assert.ok(view.body.timeline.some((event) => event.type === 'workflow.started' && String(event.detail?.['reason']).includes('dispute resolved: reject')));
    const bus = (await (await fetch(`${api().baseUrl}/_local/events`)).json()) as { 'detail-type': string; detail: { invoiceNumber?: string; kind?: string } }[];
    assert.deepEqual(bus.filter((event) => event.detail.invoiceNumber === invoice.invoiceNumber).map((event) => [event['detail-type'], event.detail.kind]), [
      // invoice.created is published from the invoice item's insert (docs/webhooks.md), before anything else of it.
      ['invoice.created', undefined],
      ['invoice.disputed', undefined],
      ['dispute.resolved', 'reject'],
    ]);
  });

  it('lowers the balance by a partial credit note and reminds of what is left; a credit note larger than the balance is refused', async () => {
    const { invoice, disputeId } = await financeDispute(5);
    const tooMuch = await resolve(disputeId, { kind: 'credit-note', amount: 125001 });
    assert.equal(tooMuch.status, 422);
    assert.deepEqual(tooMuch.body.error?.issues, [{ path: 'amount', message: 'must be at most 125000, the balance' }]);
    const missing = await resolve(disputeId, { kind: 'credit-note' });
    assert.deepEqual([missing.status, missing.body.error?.issues?.map((issue) => issue.path)], [422, ['amount']]);

    const credited = await resolve(disputeId, { kind: 'credit-note', amountMinor: 25000 });
    assert.equal(credited.status, 200, JSON.stringify(credited.body));
    assert.deepEqual([credited.body.invoice.status, credited.body.invoice.balance], ['open', 100000]);
    await api().advanceDays(3);
    const [reminder] = await reminders(invoice.invoiceNumber);
    assert.ok(reminder, 'collection resumed');
    assert.match(reminder.text, /Amount due: €1,000\.00 \(of €1,250\.00/);
  });

  it('closes the invoice as credited when the credit note clears it, and as cancelled on a cancellation; nothing is sent afterwards', async () => {
    const full = await financeDispute(5, 40000);
    const credited = await resolve(full.disputeId, { kind: 'credit-note', amount: 40000 });
    assert.deepEqual([credited.status, credited.body.invoice.status, credited.body.invoice.balance], [200, 'credited', 0]);

    const cancelled = await financeDispute(5);
    const done = await resolve(cancelled.disputeId, { kind: 'cancel', note: 'issued to the wrong entity' });
    assert.deepEqual([done.status, done.body.invoice.status], [200, 'cancelled']);
    const refused = await api().postPayment({ invoiceNumber: cancelled.invoice.invoiceNumber, amount: 1000, currency: 'EUR', paidAt: await today() });
    assert.equal(refused.status, 409, 'a cancelled invoice takes no payments');

    await api().advanceDays(40);
    assert.deepEqual(await reminders(full.invoice.invoiceNumber), []);
    assert.deepEqual(await reminders(cancelled.invoice.invoiceNumber), []);
    const view = await api().getInvoice(cancelled.invoice.invoiceNumber);
    assert.deepEqual(view.body.timeline.filter((event) => event.type === 'status.changed').map((event) => event.detail?.['to']), ['cancelled']);
    const executions = stack().stateMachine.list().filter((execution) => execution.name.includes(cancelled.invoice.invoiceNumber));
    assert.ok(executions.every((execution) => execution.status !== 'RUNNING'), JSON.stringify(executions.map((execution) => execution.status)));
  });
});
