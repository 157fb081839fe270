import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSfnClient } from '../../shared/kernel/index.js';
import { SfnOpenExecutions } from '../../shared/invoicing/index.js';
import { sendOffsetSeconds, sendSpreadKey } from '../../shared/reminders/index.js';
import { invoker } from '../../local/lambda-runtime.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

/** Where arflow keeps under a region's quotas (docs/scaling.md), on the embedded stack with the cloud's 120-minute notice spread. */
describe('quota guards on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z', { noticeSpreadMinutes: 120 });
  const slotOn = (day: string, invoiceNumber: string) =>
    new Date(Date.parse(`${day}T09:00:00.000Z`) + sendOffsetSeconds(sendSpreadKey(stack().tenantId, invoiceNumber), 120 * 60) * 1000).toISOString();

  it('counts the open workflows for the open executions gauge: 3 invoices posted, 1 paid → 2, over one page or several', async () => {
    const invoices = [anInvoice(), anInvoice(), anInvoice()];
    for (const invoice of invoices) assert.equal((await api().postInvoice(invoice)).status, 201);
    const paid = await api().postPayment({ invoiceNumber: invoices[0]!.invoiceNumber, amount: 125000, currency: 'EUR', paidAt: '2026-11-20', reference: 'in full' });
    assert.equal(paid.status, 201);
    await stack().workflowsStarted(); // workflows start from the table's stream

    const invoke = invoker(stack().clock);
    const arn = stack().stateMachine.stateMachineArn;
    // Imported once the stack set the environment: the module builds its default handler from it.
    const { createHandler } = await import('../../functions/count-open-workflows/handler.js');
    const gauge = createHandler({ openExecutions: new SfnOpenExecutions(createSfnClient(), arn) });
    assert.deepEqual(await invoke('count-open-workflows', gauge, { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }), { openWorkflows: 2 });
    assert.equal(await new SfnOpenExecutions(createSfnClient(), arn, 1).count(), 2, 'one execution per page, following nextToken');
  });

  it('sends each invoice’s reminder at its own slot within 2 hours of 09:00 in the customer’s zone, not all at 09:00', async () => {
    const customer = (id: string) => ({ id, name: 'Spread GmbH', email: `ap-${id.toLowerCase()}@spread.example`, timezone: 'UTC' });
    const invoices = [anInvoice({ dueDate: '2026-11-26', customer: customer('S-1') }), anInvoice({ dueDate: '2026-11-26', customer: customer('S-2') })];
    for (const invoice of invoices) assert.equal((await api().postInvoice(invoice)).status, 201);

    await api().advanceTo('2026-11-23T12:00:00.000Z'); // due-in-3-days
    const times: string[] = [];
    for (const invoice of invoices) {
      const emails = await api().emailsFor(invoice.invoiceNumber);
      assert.deepEqual(emails.map((email) => email.time), [slotOn('2026-11-23', invoice.invoiceNumber)], invoice.invoiceNumber);
      times.push(emails[0]!.time);
    }
    for (const time of times) assert.ok(time >= '2026-11-23T09:00:00.000Z' && time < '2026-11-23T11:00:00.000Z', time);
    assert.notEqual(times[0], times[1]);
    const view = await api().getInvoice(invoices[0]!.invoiceNumber);
    assert.ok(view.body.timeline.some((event) => event.type === 'reminder.scheduled' && (event.detail as { sendAt?: string } | undefined)?.sendAt === times[0]));
  });

  it('still folds one customer’s same-day notices into one email, sent at the earlier invoice’s slot', async () => {
    assert.equal((await api().request('PUT', '/policies/daily-spread', { onePerCustomerPerDay: true, stages: [{ id: 'overdue-1', offsetDays: 1 }] })).status, 201);
    const customer = { id: 'S-DAY', name: 'Daily Spread GmbH', email: 'ap@daily-spread.example', timezone: 'UTC' };
    const a = anInvoice({ dueDate: '2026-11-24', policy: 'daily-spread', customer });
    const b = anInvoice({ dueDate: '2026-11-24', policy: 'daily-spread', customer });
    for (const invoice of [a, b]) assert.equal((await api().postInvoice(invoice)).status, 201);
    const dryRun = await api().request<{ planned: { invoiceNumber: string; at: string }[] }>('POST', '/policies/daily-spread/dry-run', { days: 30 });
    assert.deepEqual(
      dryRun.body.planned.map((planned) => [planned.invoiceNumber, planned.at]).sort(),
      [a, b].map((invoice) => [invoice.invoiceNumber, slotOn('2026-11-25', invoice.invoiceNumber)]).sort(),
      'the dry run shows the times the workflows keep',
    );

    await api().advanceTo('2026-11-25T12:00:00.000Z');
    const emails = (await api().emails()).filter((email) => email.to[0] === customer.email);
    assert.equal(emails.length, 1, 'one notice for the day');
    const earlier = [slotOn('2026-11-25', a.invoiceNumber), slotOn('2026-11-25', b.invoiceNumber)].sort()[0];
    assert.equal(emails[0]!.time, earlier);
    assert.match(emails[0]!.subject, /2 invoices/);
  });
});
