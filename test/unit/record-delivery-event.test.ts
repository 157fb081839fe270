import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customerNoticeTag, type DeliveryEvent } from '../../shared/notices/index.js';
import { recordDeliveryEvent, SentMessageNotYetRecordedError } from '../../shared/deliverability/index.js';
import { recordPayment } from '../../shared/payments/index.js';
import { sendReminder } from '../../shared/reminders/index.js';
import { sendStatement } from '../../shared/notices/index.js';
import { collectionSetup } from './fakes/collection-deps.js';
import { invoiceInput, openInvoice } from './fixtures.js';

const TENANT = 'acme';
const FIRST = 'first@customer.example';
const SECOND = 'second@customer.example';
const OWNER = 'owner@acme.example';
const STAGE = 'overdue-7-days';

/** One open invoice of customer C-1 (due 2026-12-01, the clock on 2026-12-08), its profile listing two contacts. */
async function setup(options: { contacts?: string[] } = {}) {
  const setup = collectionSetup();
  setup.invoices.put(openInvoice());
  await setup.customers.put({ tenantId: TENANT, customerId: 'C-1', tags: [], contacts: options.contacts ?? [FIRST, SECOND], accountOwner: OWNER, updatedAt: '2026-11-01T00:00:00.000Z' });
  return setup;
}

/** What SES would say about `messageId` (tagged as a customer notice, as every notice is). */
function sesEvent(kind: DeliveryEvent['kind'], messageId: string, overrides: Partial<DeliveryEvent> = {}): DeliveryEvent {
  return { kind, messageId, at: '2026-12-08T08:00:05.000Z', recipients: [FIRST], tags: { [customerNoticeTag.name]: [customerNoticeTag.value] }, ...overrides };
}

const hardBounce = (messageId: string) => sesEvent('bounce', messageId, { bounceType: 'Permanent', bounceSubType: 'General' });

describe('recordDeliveryEvent: what SES says about a sent notice', () => {
  it("records a delivery on the timeline of each invoice the message was about, and suppresses nothing", async () => {
    const { deps, invoices, suppressions } = await setup();
    invoices.put(openInvoice({ invoiceNumber: 'INV-1002' }));
    const statement = await sendStatement(deps, TENANT, 'C-1');
    assert.equal(statement.sent, true);

    const outcome = await recordDeliveryEvent(deps, sesEvent('delivery', statement.messageId));

    assert.deepEqual(outcome, { outcome: 'recorded', suppressed: [], tasks: [] });
    for (const number of ['INV-1001', 'INV-1002']) {
      const delivered = (await invoices.timeline(TENANT, number)).filter((event) => event.type === 'notice.delivered');
      assert.deepEqual(delivered.map((event) => event.detail), [{ stage: 'statement', messageId: statement.messageId, recipients: [FIRST] }], number);
    }
    assert.deepEqual(await suppressions.suppressions(TENANT), []);
  });

  it('suppresses a hard-bounced address, opens a task for the account owner naming the next contact, and emails the owner', async () => {
    const { deps, invoices, suppressions, ownerTasks, mailer } = await setup();
    const sent = await sendReminder(deps, TENANT, 'INV-1001', STAGE);
    assert.equal(sent.outcome, 'sent');
    const messageId = (sent as { messageId: string }).messageId;

    const outcome = await recordDeliveryEvent(deps, hardBounce(messageId));

    assert.equal(outcome.outcome, 'recorded');
    assert.deepEqual(outcome.outcome === 'recorded' && outcome.suppressed, [FIRST]);
    assert.deepEqual((await suppressions.suppressions(TENANT)).map(({ email, reason, detail }) => ({ email, reason, detail })), [{ email: FIRST, reason: 'bounce', detail: 'Permanent/General' }]);
    const [task, ...more] = await ownerTasks.tasks(TENANT);
    assert.equal(more.length, 0);
    assert.deepEqual(
      task && { kind: task.kind, email: task.email, nextContact: task.nextContact, assignee: task.assignee, invoiceNumbers: task.invoiceNumbers, status: task.status },
      { kind: 'contact-bounced', email: FIRST, nextContact: SECOND, assignee: OWNER, invoiceNumbers: ['INV-1001'], status: 'open' },
    );
    const types = (await invoices.timeline(TENANT, 'INV-1001')).map((event) => event.type);
    assert.ok(types.includes('notice.bounced') && types.includes('contact.suppressed'), types.join(', '));
    const toOwner = mailer.sent.filter((email) => email.to.includes(OWNER));
    assert.equal(toOwner.length, 1);
    assert.match(toOwner[0]!.text, new RegExp(`next contact, ${SECOND}`));
  });

  it('sends the bounced reminder again, once, to the next contact, with the same stage and fresh links, and the timeline says so', async () => {
    const { deps, invoices, mailer } = await setup();
    const sent = (await sendReminder(deps, TENANT, 'INV-1001', STAGE)) as { messageId: string };
    const original = mailer.sent.find((email) => email.to.includes(FIRST))!;

    const outcome = await recordDeliveryEvent(deps, hardBounce(sent.messageId));

    const again = mailer.sent.filter((email) => email.to.includes(SECOND));
    assert.equal(again.length, 1);
    assert.equal(again[0]!.subject, original.subject);
    assert.equal(again[0]!.headers?.['X-Arflow-Stage'], STAGE);
    assert.equal(again[0]!.headers?.['X-Arflow-Resend-Of'], sent.messageId);
    assert.equal(again[0]!.tags?.[customerNoticeTag.name], customerNoticeTag.value, 'tagged, so its own events find it');
    assert.notEqual(/self-service\/([^?]+)/.exec(again[0]!.text)?.[1], /self-service\/([^?]+)/.exec(original.text)?.[1], 'its reader gets links of its own');
    assert.ok(outcome.outcome === 'recorded' && outcome.resent?.outcome === 'resent' && outcome.resent.to === SECOND);
    const resent = (await invoices.timeline(TENANT, 'INV-1001')).filter((event) => event.type === 'notice.resent');
    assert.equal(resent.length, 1);
    assert.deepEqual({ ...resent[0]!.detail, messageId: undefined, subject: undefined }, { stage: STAGE, to: [SECOND], resendOf: sent.messageId, bounced: FIRST, balance: 125000, messageId: undefined, subject: undefined });
  });

  it('opens no second task and sends nothing more when SES delivers the same bounce again', async () => {
    const { deps, ownerTasks, mailer } = await setup();
    const sent = (await sendReminder(deps, TENANT, 'INV-1001', STAGE)) as { messageId: string };
    await recordDeliveryEvent(deps, hardBounce(sent.messageId));
    const emailsAfterFirst = mailer.sent.length;

    const repeated = await recordDeliveryEvent(deps, hardBounce(sent.messageId));

    assert.deepEqual(repeated, { outcome: 'recorded', suppressed: [], tasks: [], resent: { outcome: 'already-resent' } });
    assert.equal((await ownerTasks.tasks(TENANT)).length, 1);
    assert.equal(mailer.sent.length, emailsAfterFirst);
  });

  it('tries the re-send again on the retried event when SES refused it the first time', async () => {
    const { deps, mailer } = await setup();
    const sent = (await sendReminder(deps, TENANT, 'INV-1001', STAGE)) as { messageId: string };
    // The owner's email goes out, then SES fails on the re-send.
    const send = mailer.send.bind(mailer);
    let calls = 0;
    mailer.send = async (email) => {
      if (++calls === 2) throw new Error('SES is unavailable');
      return send(email);
    };
    await assert.rejects(recordDeliveryEvent(deps, hardBounce(sent.messageId)), /SES is unavailable/);
    assert.equal(mailer.sent.filter((email) => email.to.includes(SECOND)).length, 0);

    const retried = await recordDeliveryEvent(deps, hardBounce(sent.messageId));

    assert.ok(retried.outcome === 'recorded' && retried.resent?.outcome === 'resent');
    assert.equal(mailer.sent.filter((email) => email.to.includes(SECOND)).length, 1);
    assert.equal(mailer.sent.filter((email) => email.to.includes(OWNER)).length, 1, 'the owner was told once');
  });

  it('sends nothing again for an invoice paid since the bounced reminder, and records why', async () => {
    const { deps, invoices, mailer } = await setup();
    const sent = (await sendReminder(deps, TENANT, 'INV-1001', STAGE)) as { messageId: string };
    await recordPayment(deps, TENANT, { invoiceNumber: 'INV-1001', amount: 125000, currency: 'EUR', paidAt: '2026-12-08' });

    const outcome = await recordDeliveryEvent(deps, hardBounce(sent.messageId));

    assert.deepEqual(outcome.outcome === 'recorded' && outcome.resent, { outcome: 'not-resent', reason: 'no invoice of the notice is still being collected' });
    assert.equal(mailer.sent.filter((email) => email.to.includes(SECOND)).length, 0);
    const skipped = (await invoices.timeline(TENANT, 'INV-1001')).filter((event) => event.type === 'notice.resend-skipped');
    assert.deepEqual(skipped.map((event) => event.detail?.['reason']), ['invoice is paid']);
  });

  it('sends nothing again for a disputed invoice', async () => {
    const { deps, invoices, mailer } = await setup();
    const sent = (await sendReminder(deps, TENANT, 'INV-1001', STAGE)) as { messageId: string };
    invoices.update(TENANT, 'INV-1001', { dispute: { id: 'd-1', status: 'open', reason: 'damaged', openedAt: '2026-12-08T08:00:01.000Z' } });

    await recordDeliveryEvent(deps, hardBounce(sent.messageId));

    assert.equal(mailer.sent.filter((email) => email.to.includes(SECOND)).length, 0);
    const skipped = (await invoices.timeline(TENANT, 'INV-1001')).filter((event) => event.type === 'notice.resend-skipped');
    assert.deepEqual(skipped.map((event) => event.detail?.['reason']), ['the invoice is disputed']);
  });

  it('sends nothing again when the customer has no other contact, and the task names none', async () => {
    const { deps, invoices, ownerTasks, mailer } = await setup({ contacts: [FIRST] });
    // The invoice's own email is the customer's last contact: make it the bounced one.
    invoices.put(openInvoice({ customer: { ...invoiceInput().customer, email: FIRST } }));
    const sent = (await sendReminder(deps, TENANT, 'INV-1001', STAGE)) as { messageId: string };

    const outcome = await recordDeliveryEvent(deps, hardBounce(sent.messageId));

    assert.ok(outcome.outcome === 'recorded' && outcome.resent?.outcome === 'not-resent');
    assert.equal((await ownerTasks.tasks(TENANT))[0]?.nextContact, undefined);
    assert.deepEqual(mailer.sent.map((email) => email.to[0]), [FIRST, OWNER]);
  });

  it('leaves a soft (transient) bounce to SES: nothing suppressed, no task, nothing re-sent', async () => {
    const { deps, invoices, suppressions, ownerTasks, mailer } = await setup();
    const sent = (await sendReminder(deps, TENANT, 'INV-1001', STAGE)) as { messageId: string };

    const outcome = await recordDeliveryEvent(deps, sesEvent('bounce', sent.messageId, { bounceType: 'Transient', bounceSubType: 'MailboxFull' }));

    assert.deepEqual(outcome, { outcome: 'recorded', suppressed: [], tasks: [] });
    assert.deepEqual(await suppressions.suppressions(TENANT), []);
    assert.deepEqual(await ownerTasks.tasks(TENANT), []);
    assert.equal(mailer.sent.length, 1);
    const bounced = (await invoices.timeline(TENANT, 'INV-1001')).find((event) => event.type === 'notice.bounced');
    assert.equal(bounced?.detail?.['bounceType'], 'Transient');
  });

  it('suppresses an address that complained and opens a task, without sending the delivered notice again', async () => {
    const { deps, invoices, suppressions, ownerTasks, mailer } = await setup();
    const sent = (await sendReminder(deps, TENANT, 'INV-1001', STAGE)) as { messageId: string };

    const outcome = await recordDeliveryEvent(deps, sesEvent('complaint', sent.messageId, { complaintFeedbackType: 'abuse' }));

    assert.ok(outcome.outcome === 'recorded' && outcome.resent === undefined);
    assert.deepEqual((await suppressions.suppressions(TENANT)).map(({ email, reason, detail }) => ({ email, reason, detail })), [{ email: FIRST, reason: 'complaint', detail: 'abuse' }]);
    assert.deepEqual((await ownerTasks.tasks(TENANT)).map((task) => [task.kind, task.nextContact]), [['contact-complained', SECOND]]);
    assert.equal(mailer.sent.filter((email) => email.to.includes(SECOND)).length, 0);
    assert.ok((await invoices.timeline(TENANT, 'INV-1001')).some((event) => event.type === 'notice.complained'));
    // The next reminder goes to the next contact.
    assert.equal((await sendReminder(deps, TENANT, 'INV-1001', 'overdue-14-days')).outcome, 'sent');
    assert.deepEqual(mailer.sent.at(-1)?.to, [SECOND]);
  });

  it('throws the retry error for a tagged customer notice whose record is not written yet', async () => {
    const { deps } = await setup();
    await assert.rejects(recordDeliveryEvent(deps, sesEvent('delivery', 'not-yet-recorded')), SentMessageNotYetRecordedError);
  });

  it('ignores an event of an untagged message it has no record of (e.g. an approval request to finance)', async () => {
    const { deps, suppressions } = await setup();
    const outcome = await recordDeliveryEvent(deps, sesEvent('bounce', 'someone-elses', { tags: {}, bounceType: 'Permanent' }));
    assert.equal(outcome.outcome, 'ignored');
    assert.deepEqual(await suppressions.suppressions(TENANT), []);
  });
});
