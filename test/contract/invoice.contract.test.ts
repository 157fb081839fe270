import assert from 'node:assert/strict';
import { it } from 'node:test';
import { event, LARGE_TEXT, MORE_THAN_A_PAGE, pay, storedInvoice } from './support/fixtures.js';
import { count, forEachStore, uniqueId, uniqueTenant } from './support/stores.js';

const AT = '2026-12-08T08:00:00.000Z';

forEachStore((_name, makeStores) => {
  it('reads an invoice as stored, and none of another tenant or number', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    assert.deepEqual(await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber), invoice);
    assert.equal(await stores.invoices.get(uniqueTenant(), invoice.invoiceNumber), undefined);
    assert.equal(await stores.invoices.get(invoice.tenantId, 'NOPE'), undefined);
  });

  it('keeps the first event of a key (a retried task appends nothing twice) and orders the timeline by time', async () => {
    const stores = makeStores();
    const { tenantId, invoiceNumber } = await storedInvoice(stores, uniqueTenant());
    await stores.invoices.appendEvent(tenantId, invoiceNumber, event('reminder.scheduled', '2026-12-03T08:00:00.000Z', 'reminder.scheduled:b'));
    await stores.invoices.appendEvent(tenantId, invoiceNumber, event('reminder.scheduled', '2026-12-02T08:00:00.000Z', 'reminder.scheduled:a', { first: true }));
    await stores.invoices.appendEvent(tenantId, invoiceNumber, event('reminder.scheduled', '2026-12-09T08:00:00.000Z', 'reminder.scheduled:a', { first: false }));
    const timeline = await stores.invoices.timeline(tenantId, invoiceNumber);
    assert.deepEqual(timeline.map((entry) => entry.key), ['invoice.created', 'reminder.scheduled:a', 'reminder.scheduled:b']);
    assert.deepEqual(timeline[1]?.detail, { first: true });
  });

  it('reads a timeline larger than one query page in full', async () => {
    const stores = makeStores();
    const { tenantId, invoiceNumber } = await storedInvoice(stores, uniqueTenant());
    for (let index = 0; index < MORE_THAN_A_PAGE; index += 1) {
      await stores.invoices.appendEvent(tenantId, invoiceNumber, event('notice.delivered', `2026-12-${String(index + 2).padStart(2, '0')}T08:00:00.000Z`, `big:${index}`, { text: LARGE_TEXT }));
    }
    assert.equal((await stores.invoices.timeline(tenantId, invoiceNumber)).length, MORE_THAN_A_PAGE + 1);
  });

  it('closes an open invoice once with its events: exactly one of ten concurrent closes wins, and a paid invoice is not closed', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, index) => stores.invoices.closeInvoice(invoice, 'written_off', [event('invoice.written-off', AT, `invoice.written-off:${index}`)])));
    assert.equal(count(outcomes, true), 1);
    const stored = await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber);
    assert.equal(stored?.status, 'written_off');
    assert.equal(stored?.updatedAt, AT);

    const other = await storedInvoice(stores, invoice.tenantId, { invoiceNumber: 'INV-2' });
    await pay(stores, other, uniqueId('pay'), other.balance);
    assert.equal(await stores.invoices.closeInvoice(other, 'with_agency', []), false);
    assert.equal((await stores.invoices.get(other.tenantId, other.invoiceNumber))?.status, 'paid');
  });

  it('moves an open invoice to its next revision once: exactly one of ten concurrent moves from the same revision wins', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => stores.invoices.nextRevision(invoice, event('status.changed', AT, `replanned:${invoice.revision + 1}`))));
    assert.equal(count(outcomes, true), 1);
    assert.equal((await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))?.revision, invoice.revision + 1);
    assert.equal(await stores.invoices.nextRevision(invoice, event('status.changed', AT, 'stale')), false, 'from a revision it is no longer at');
  });

  it('does not move a closed invoice to a next revision', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    await stores.invoices.closeInvoice(invoice, 'written_off', []);
    assert.equal(await stores.invoices.nextRevision(invoice, event('status.changed', AT, 'replanned')), false);
  });

  it('marks a workflow failure on the invoice with its event, and only records the event for an invoice that is not stored', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const failure = { at: AT, error: 'States.TaskFailed', cause: 'SES down' };
    await stores.invoices.markFailed(invoice.tenantId, invoice.invoiceNumber, failure, event('workflow.failed', AT, 'workflow.failed:1'));
    assert.deepEqual((await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))?.workflowError, failure);
    await stores.invoices.markFailed(invoice.tenantId, 'GONE-1', failure, event('workflow.failed', AT, 'workflow.failed:1'));
    assert.equal(await stores.invoices.get(invoice.tenantId, 'GONE-1'), undefined);
    assert.deepEqual((await stores.invoices.timeline(invoice.tenantId, 'GONE-1')).map((entry) => entry.type), ['workflow.failed']);
  });

  it("lists a customer's open invoices oldest due date first, at most the limit, leaving out closed ones and other customers'", async () => {
    const stores = makeStores();
    const tenantId = uniqueTenant();
    const customer = { id: 'C-7', name: 'Beta AG', email: 'ap@beta.example' };
    const dueDates = ['2026-12-05', '2026-11-20', '2026-12-01', '2026-11-25', '2026-12-10'];
    const stored = [];
    for (const [index, dueDate] of dueDates.entries()) stored.push(await storedInvoice(stores, tenantId, { invoiceNumber: `C7-${index}`, dueDate, customer }));
    await storedInvoice(stores, tenantId, { invoiceNumber: 'OTHER-1', dueDate: '2026-11-01' });
    await pay(stores, stored[1]!, uniqueId('pay'), stored[1]!.balance);
    const open = await stores.invoices.openInvoicesOf(tenantId, 'C-7', 3);
    assert.deepEqual(open.map((invoice) => invoice.dueDate), ['2026-11-25', '2026-12-01', '2026-12-05']);
  });
});
