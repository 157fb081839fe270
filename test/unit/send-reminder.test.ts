import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError } from '../../shared/kernel/index.js';
import { sendReminder } from '../../shared/reminders/index.js';
import { collectionSetup as setup } from './fakes/collection-deps.js';
import { openInvoice, storedPolicy } from './fixtures.js';
import { NBSP, TENANT, NUMBER, eventTypes } from './use-cases.fixtures.js';


describe('sendReminder', () => {
  it('sends the reminder once, records it as sent, and a second call for the same stage sends nothing', async () => {
    const { deps, invoices, mailer, noticeLedger } = setup();
    invoices.put(openInvoice());

    const first = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.deepEqual(first, { outcome: 'sent', messageId: 'msg-1' });
    assert.equal(mailer.sent.length, 1);
    const email = mailer.sent[0]!;
    assert.deepEqual(email.to, ['ap@acme.example']);
    // The fixture's customer is in de-DE: the notice is in German.
    assert.equal(email.subject, `Überfällig: Rechnung INV-1001, 1.250,00${NBSP}€, seit 7 Tagen fällig`);
    assert.equal(email.headers?.['X-Arflow-Stage'], 'overdue-7-days');
    assert.equal(email.headers?.['X-Arflow-Sent-At'], '2026-12-08T08:00:00.000Z');
    assert.deepEqual(await noticeLedger.notices(TENANT, NUMBER), [
      { stage: 'overdue-7-days', status: 'sent', messageId: 'msg-1', at: '2026-12-08T08:00:00.000Z' },
    ]);
    assert.deepEqual(await eventTypes(invoices), ['reminder.sent:overdue-7-days']);

    const second = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.deepEqual(second, { outcome: 'skipped', reason: 'already sent or claimed by an earlier attempt' });
    assert.equal(mailer.sent.length, 1);
  });

  it('sends each stage of the same invoice once', async () => {
    const { deps, invoices, mailer } = setup();
    invoices.put(openInvoice());
    await sendReminder(deps, TENANT, NUMBER, 'overdue-1-day');
    await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    await sendReminder(deps, TENANT, NUMBER, 'overdue-1-day');
    assert.deepEqual(
      mailer.sent.map((email) => email.headers?.['X-Arflow-Stage']),
      ['overdue-1-day', 'overdue-7-days'],
    );
  });

  it('sends no email to a paid invoice and records a reminder.skipped event', async () => {
    const { deps, invoices, mailer, noticeLedger } = setup();
    invoices.put(openInvoice({ status: 'paid', balance: 0 }));
    const outcome = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.deepEqual(outcome, { outcome: 'skipped', reason: 'invoice is paid' });
    assert.equal(mailer.sent.length, 0);
    assert.deepEqual(await noticeLedger.notices(TENANT, NUMBER), []);
    const timeline = await invoices.timeline(TENANT, NUMBER);
    assert.deepEqual(timeline, [
      {
        type: 'reminder.skipped',
        at: '2026-12-08T08:00:00.000Z',
        key: 'reminder.skipped:overdue-7-days',
        detail: { stage: 'overdue-7-days', reason: 'invoice is paid' },
      },
    ]);
  });

  it('releases the claim when the mailer fails, so the retry sends the reminder', async () => {
    const { deps, invoices, mailer, noticeLedger } = setup();
    invoices.put(openInvoice());
    mailer.failNext();
    await assert.rejects(sendReminder(deps, TENANT, NUMBER, 'overdue-7-days'), /SES is unavailable/);
    assert.equal(mailer.sent.length, 0);
    assert.deepEqual(await noticeLedger.notices(TENANT, NUMBER), [], 'the claim is given back');

    const retry = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.equal(retry.outcome, 'sent');
    assert.equal(mailer.sent.length, 1);
    assert.equal((await noticeLedger.notices(TENANT, NUMBER))[0]?.status, 'sent');
  });

  it('sends nothing for a stage an earlier attempt claimed but never confirmed (it may have gone out)', async () => {
    const { deps, invoices, mailer, noticeLedger } = setup();
    invoices.put(openInvoice());
    noticeLedger.putNotice(TENANT, NUMBER, { stage: 'overdue-7-days', status: 'claimed', at: '2026-12-08T07:59:00.000Z' });
    const outcome = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.equal(outcome.outcome, 'skipped');
    assert.equal(mailer.sent.length, 0);
  });

  it('sends nothing for a stage the planner marked skipped (superseded)', async () => {
    const { deps, invoices, mailer, noticeLedger } = setup();
    invoices.put(openInvoice());
    noticeLedger.putNotice(TENANT, NUMBER, { stage: 'overdue-1-day', status: 'skipped', at: '2026-12-08T07:00:00.000Z', reason: 'superseded' });
    assert.equal((await sendReminder(deps, TENANT, NUMBER, 'overdue-1-day')).outcome, 'skipped');
    assert.equal(mailer.sent.length, 0);
  });

  it('reads the invoice again and sends the new balance when a partial payment commits between the read and the claim', async () => {
    const { deps, invoices, mailer, noticeLedger } = setup();
    invoices.put(openInvoice());
    let concurrentPayments = 0;
    noticeLedger.beforeClaim = () => {
      if (concurrentPayments++ === 0) invoices.update(TENANT, NUMBER, { balance: 100000 });
    };
    const outcome = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.equal(outcome.outcome, 'sent');
    assert.equal(mailer.sent.length, 1);
    assert.ok(mailer.sent[0]!.subject.includes(`1.000,00${NBSP}€`), mailer.sent[0]!.subject);
    assert.ok(mailer.sent[0]!.text.includes(`(von 1.250,00${NBSP}€`));
  });

  it('sends nothing when the invoice is paid between the read and the claim', async () => {
    const { deps, invoices, mailer, noticeLedger } = setup();
    invoices.put(openInvoice());
    noticeLedger.beforeClaim = () => invoices.update(TENANT, NUMBER, { status: 'paid', balance: 0 });
    const outcome = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.deepEqual(outcome, { outcome: 'skipped', reason: 'invoice is paid' });
    assert.equal(mailer.sent.length, 0);
    assert.deepEqual(await noticeLedger.notices(TENANT, NUMBER), []);
  });

  it('gives up without sending when the invoice changes before every claim, and says why', async () => {
    const { deps, invoices, mailer, noticeLedger } = setup();
    invoices.put(openInvoice());
    let balance = 125000;
    noticeLedger.beforeClaim = () => invoices.update(TENANT, NUMBER, { balance: --balance });
    const outcome = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.deepEqual(outcome, { outcome: 'skipped', reason: 'the invoice kept changing while the reminder was prepared' });
    assert.equal(mailer.sent.length, 0);
    assert.deepEqual(await noticeLedger.notices(TENANT, NUMBER), []);
  });

  it('throws NotFoundError for an invoice that does not exist, and for another tenant’s invoice', async () => {
    const { deps, invoices } = setup();
    invoices.put(openInvoice({}, 'globex'));
    await assert.rejects(sendReminder(deps, TENANT, NUMBER, 'overdue-7-days'), NotFoundError);
  });
});

describe('sendReminder under a collection policy', () => {
  it("uses the wording and subject of the invoice's policy stage", async () => {
    const { deps, invoices, policies, mailer } = setup();
    policies.seed(TENANT, storedPolicy('custom', { stages: [{ id: 'nudge', offsetDays: 7, template: 'urgent', subject: 'Invoice {invoiceNumber}: {daysOverdue} days overdue' }] }));
    invoices.put(openInvoice({ policy: 'custom' }));
    assert.equal((await sendReminder(deps, TENANT, NUMBER, 'nudge')).outcome, 'sent');
    assert.equal(mailer.sent[0]!.subject, 'Invoice INV-1001: 7 days overdue');
    assert.match(mailer.sent[0]!.text, /erheblich überfällig/);
  });

  it("sends nothing below the policy's minimum balance and records why", async () => {
    const { deps, invoices, policies, mailer, noticeLedger } = setup();
    policies.seed(TENANT, storedPolicy('default', { stages: [{ id: 'overdue-7-days', offsetDays: 7 }], minimumBalance: 200000 }));
    invoices.put(openInvoice());
    const outcome = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.deepEqual(outcome, { outcome: 'skipped', reason: "the balance is below the policy's minimum of 200000" });
    assert.equal(mailer.sent.length, 0);
    assert.deepEqual(await noticeLedger.notices(TENANT, NUMBER), []);
    assert.deepEqual(await eventTypes(invoices), ['reminder.skipped:overdue-7-days']);
  });

  it(
    'sends nothing to an invoice whose collection is paused, however the workflow got there (DESIGN: a paused invoice gets no reminder)',
    async () => {
      const { deps, invoices, mailer, noticeLedger } = setup('2026-12-08T08:00:00.000Z');
      invoices.put(openInvoice({ pausedUntil: '2027-01-07T08:00:00.000Z' }));
      const outcome = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
      assert.equal(outcome.outcome, 'skipped');
      assert.equal(mailer.sent.length, 0);
      assert.deepEqual(await noticeLedger.notices(TENANT, NUMBER), []);
    },
  );
});
