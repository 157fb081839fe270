import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendReminder } from '../../shared/reminders/index.js';
import { planNextStep } from '../../shared/reminders/index.js';
import { collectionSetup } from './fakes/collection-deps.js';
import { openInvoice, storedPolicy } from './fixtures.js';

const daily = storedPolicy('daily', { onePerCustomerPerDay: true, stages: [{ id: 'overdue-1', offsetDays: 1 }] });

/** Two invoices of one customer, both due for overdue-1 on 2026-12-02 (UTC), and the clock at 09:00 that day. */
async function twoInvoicesDueToday() {
  const setup = collectionSetup('2026-12-02T09:00:00.000Z');
  setup.policies.seed('acme', daily);
  const customer = { id: 'C-1', name: 'Acme', email: 'ap@acme.example', timezone: 'UTC' };
  const a = openInvoice({ invoiceNumber: 'A-1', dueDate: '2026-12-01', policy: 'daily', customer });
  const b = openInvoice({ invoiceNumber: 'B-1', dueDate: '2026-12-01', policy: 'daily', customer });
  for (const invoice of [a, b]) {
    await setup.invoices.createIfAbsent(invoice, [{ type: 'invoice.created', at: invoice.createdAt, key: 'invoice.created' }]);
    await setup.customers.addInvoice('acme', 'C-1', invoice.invoiceNumber);
  }
  return setup;
}

describe('one notice per customer per day', () => {
  it('lists every invoice due that day in one email and records the stage sent on each', async () => {
    const { deps, mailer, noticeLedger } = await twoInvoicesDueToday();
    const first = await sendReminder(deps, 'acme', 'A-1', 'overdue-1');
    assert.equal(first.outcome, 'sent');
    assert.equal(mailer.sent.length, 1);
    assert.match(mailer.sent[0]!.text, /Invoice A-1: .*\n- Invoice B-1: /);
    assert.deepEqual((await noticeLedger.notices('acme', 'B-1')).map((notice) => [notice.stage, notice.status]), [['overdue-1', 'sent']]);

    const second = await sendReminder(deps, 'acme', 'B-1', 'overdue-1');
    assert.equal(second.outcome, 'skipped');
    assert.equal(mailer.sent.length, 1, 'B-1 was in the first email');
  });

  it('gives back the day and every claim when the email cannot be sent, so a retry sends them', async () => {
    const { deps, mailer, noticeLedger, contactDays } = await twoInvoicesDueToday();
    mailer.failNext();
    await assert.rejects(sendReminder(deps, 'acme', 'A-1', 'overdue-1'));
    assert.deepEqual(await noticeLedger.notices('acme', 'A-1'), []);
    assert.deepEqual(await noticeLedger.notices('acme', 'B-1'), []);
    assert.equal(await contactDays.contactedOn('acme', 'C-1', '2026-12-02'), undefined);
    assert.equal((await sendReminder(deps, 'acme', 'A-1', 'overdue-1')).outcome, 'sent');
    assert.equal(mailer.sent.length, 1);
  });

  it('plans a notice due on a day the customer was already contacted for the next day at the window opening', async () => {
    const { deps, contactDays } = await twoInvoicesDueToday();
    await contactDays.claimContactDay('acme', 'C-1', '2026-12-02', 'OTHER-9');
    const step = await planNextStep(deps, 'acme', 'A-1');
    assert.deepEqual(step, { kind: 'reminder', at: '2026-12-03T09:00:00.000Z', stage: 'overdue-1' });
  });
});
