import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/calendar.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

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
  const { api } = useLocalStack('2026-11-20T12:00:00.000Z');
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
});
