import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError } from '../../shared/kernel/index.js';
import { getInvoice } from '../../shared/invoicing/index.js';
import { ingestInvoice } from '../../shared/imports/index.js';
import { markWorkflowFailed } from '../../shared/invoicing/index.js';
import { planNextStep } from '../../shared/reminders/index.js';
import { sendReminder } from '../../shared/reminders/index.js';
import { collectionSetup as setup } from './fakes/collection-deps.js';
import { ingestAndStart } from './fakes/stream-starter.js';
import { invoiceInput, openInvoice, storedPolicy, approvedEscalation } from './fixtures.js';
import { TENANT, NUMBER, eventTypes } from './use-cases.fixtures.js';


describe('planNextStep', () => {
  it('plans the first stage of a fresh invoice and records it as scheduled under the built-in default policy', async () => {
    const { deps, invoices, noticeLedger } = setup('2026-11-01T10:00:00.000Z');
    invoices.put(openInvoice());
    const step = await planNextStep(deps, TENANT, NUMBER);
    assert.deepEqual(step, { kind: 'reminder', at: '2026-11-28T08:00:00.000Z', stage: 'due-in-3-days' });
    assert.deepEqual(await noticeLedger.notices(TENANT, NUMBER), []);
    const timeline = await invoices.timeline(TENANT, NUMBER);
    assert.deepEqual(timeline, [
      {
        type: 'reminder.scheduled',
        at: '2026-11-01T10:00:00.000Z',
        key: 'reminder.scheduled:due-in-3-days:2026-11-28T08:00:00.000Z',
        detail: { stage: 'due-in-3-days', sendAt: '2026-11-28T08:00:00.000Z', policy: 'default@0' },
      },
    ]);
  });

  it('marks the stages an invoice ingested 10 days overdue missed as skipped and sends the latest due one now, inside the window', async () => {
    const { deps, invoices, noticeLedger } = setup('2026-12-11T10:00:00.000Z');
    invoices.put(openInvoice());
    const step = await planNextStep(deps, TENANT, NUMBER);
    assert.deepEqual(step, { kind: 'reminder', at: '2026-12-11T10:00:00.000Z', stage: 'overdue-7-days' });
    const notices = await noticeLedger.notices(TENANT, NUMBER);
    assert.deepEqual(
      notices.map((n) => [n.stage, n.status]),
      [
        ['due-in-3-days', 'skipped'],
        ['overdue-1-day', 'skipped'],
      ],
    );
    assert.ok(notices.every((n) => n.reason?.includes('superseded by overdue-7-days')));
    assert.deepEqual(await eventTypes(invoices), [
      'reminder.skipped:due-in-3-days',
      'reminder.skipped:overdue-1-day',
      'reminder.scheduled:overdue-7-days:2026-12-11T10:00:00.000Z',
    ]);
  });

  it('defers a stage that is due at night to the next opening of the window and records why', async () => {
    const { deps, invoices } = setup('2026-12-11T22:00:00.000Z'); // 23:00 in Berlin
    invoices.put(openInvoice());
    const step = await planNextStep(deps, TENANT, NUMBER);
    assert.deepEqual(step, { kind: 'reminder', at: '2026-12-12T08:00:00.000Z', stage: 'overdue-7-days' });
    const deferred = (await invoices.timeline(TENANT, NUMBER)).find((event) => event.type === 'reminder.deferred');
    assert.deepEqual(deferred, {
      type: 'reminder.deferred',
      at: '2026-12-11T22:00:00.000Z',
      key: 'reminder.deferred:overdue-7-days:2026-12-12T08:00:00.000Z',
      detail: {
        stage: 'overdue-7-days',
        sendAt: '2026-12-12T08:00:00.000Z',
        policy: 'default@0',
        dueAt: '2026-12-08T08:00:00.000Z',
        reason: 'outside the sending window, or the customer already had a notice that day',
      },
    });
  });

  it("plans under the tenant's stored default policy: a stage due on a Saturday goes out on Monday's opening", async () => {
    const { deps, invoices, policies } = setup('2026-11-01T10:00:00.000Z');
    policies.seed(TENANT, storedPolicy('default', { stages: [{ id: 'on-due-date', offsetDays: 0 }], sendingWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'] } }));
    invoices.put(openInvoice({ dueDate: '2026-12-05' })); // a Saturday
    const step = await planNextStep(deps, TENANT, NUMBER);
    assert.deepEqual(step, { kind: 'reminder', at: '2026-12-07T08:00:00.000Z', stage: 'on-due-date' });
    assert.deepEqual(await eventTypes(invoices), [
      'reminder.deferred:on-due-date:2026-12-07T08:00:00.000Z',
      'reminder.scheduled:on-due-date:2026-12-07T08:00:00.000Z',
    ]);
    const scheduled = (await invoices.timeline(TENANT, NUMBER)).find((event) => event.type === 'reminder.scheduled');
    assert.equal(scheduled?.detail?.['policy'], 'default@1');
  });

  it("escalates under the invoice's own policy once its reminders are handled, at the escalation day's opening hour", async () => {
    const { deps, invoices, policies, noticeLedger } = setup('2026-12-05T10:00:00.000Z');
    policies.seed(TENANT, storedPolicy('strict', { stages: [{ id: 'overdue-1-day', offsetDays: 1 }], escalation: { afterDaysOverdue: 10, approvalTimeoutDays: 3 } }));
    invoices.put(openInvoice({ policy: 'strict' }));
    noticeLedger.putNotice(TENANT, NUMBER, { stage: 'overdue-1-day', status: 'sent', at: '2026-12-02T08:00:00.000Z', messageId: 'msg-0' });
    const step = await planNextStep(deps, TENANT, NUMBER);
    assert.deepEqual(step, { kind: 'escalate', at: '2026-12-11T08:00:00.000Z', approvalTimeoutSeconds: 3 * 86_400 });
    assert.deepEqual(await eventTypes(invoices), []);
  });

  it('sends one reminder, not a burst, for an invoice ingested 10 days overdue, then waits for the next stage', async () => {
    const { deps, mailer } = setup('2026-12-11T10:00:00.000Z');
    await ingestInvoice(deps, TENANT, invoiceInput());
    const first = await planNextStep(deps, TENANT, NUMBER);
    assert.ok(first.kind === 'reminder');
    assert.equal(first.stage, 'overdue-7-days');
    await sendReminder(deps, TENANT, NUMBER, first.stage);
    const next = await planNextStep(deps, TENANT, NUMBER);
    assert.deepEqual(next, { kind: 'reminder', at: '2026-12-15T08:00:00.000Z', stage: 'overdue-14-days' });
    assert.equal(mailer.sent.length, 1);
    assert.equal(mailer.sent[0]!.headers?.['X-Arflow-Stage'], 'overdue-7-days');
    assert.match(mailer.sent[0]!.subject, /seit 10 Tagen fällig/);
  });

  it('plans the final notice after an approval, then the final action when the grace period ends', async () => {
    const { deps, invoices, policies, mailer } = setup('2026-12-12T10:00:00.000Z');
    policies.seed(TENANT, storedPolicy('strict', { stages: [], escalation: { afterDaysOverdue: 10 }, grace: { days: 10, finalAction: 'write-off' } }));
    invoices.put(openInvoice({ policy: 'strict', escalation: approvedEscalation }));
    assert.deepEqual(await planNextStep(deps, TENANT, NUMBER), { kind: 'final-notice', at: '2026-12-12T10:00:00.000Z', stage: 'final-notice' });

    assert.deepEqual(await sendReminder(deps, TENANT, NUMBER, 'final-notice'), { outcome: 'sent', messageId: 'msg-1' });
    assert.match(mailer.sent[0]!.subject, /^Letzte Mahnung: Rechnung INV-1001, /);
    assert.match(mailer.sent[0]!.text, /LETZTE MAHNUNG: Wird .* nicht bis zum .* bezahlt, schließen wir das Konto/);
    const sent = (await invoices.timeline(TENANT, NUMBER)).find((event) => event.key === 'reminder.sent:final-notice');
    assert.equal(sent?.type, 'final-notice.sent');

    assert.deepEqual(await planNextStep(deps, TENANT, NUMBER), { kind: 'final-action', at: '2026-12-22T10:00:00.000Z', action: 'write-off' });
  });

  it('defers the final notice of an approval made at night to the next opening and records why', async () => {
    const { deps, invoices, policies } = setup('2026-12-12T22:00:00.000Z'); // 23:00 in Berlin
    policies.seed(TENANT, storedPolicy('strict', { stages: [], escalation: { afterDaysOverdue: 10 }, grace: { days: 10, finalAction: 'write-off' } }));
    invoices.put(openInvoice({ policy: 'strict', escalation: approvedEscalation }));
    assert.deepEqual(await planNextStep(deps, TENANT, NUMBER), { kind: 'final-notice', at: '2026-12-13T08:00:00.000Z', stage: 'final-notice' });
    assert.deepEqual(await invoices.timeline(TENANT, NUMBER), [
      {
        type: 'reminder.deferred',
        at: '2026-12-12T22:00:00.000Z',
        key: 'reminder.deferred:final-notice:2026-12-13T08:00:00.000Z',
        detail: { stage: 'final-notice', sendAt: '2026-12-13T08:00:00.000Z', reason: 'outside the sending window, or the customer already had a notice that day' },
      },
    ]);
  });

  it(
    "does not plan the final notice again and again when sendReminder skips it for a balance below the policy's minimum",
    async () => {
      const { deps, invoices, policies, mailer } = setup('2026-12-12T10:00:00.000Z');
      policies.seed(TENANT, storedPolicy('strict', { stages: [], minimumBalance: 10000, escalation: { afterDaysOverdue: 10 }, grace: { days: 10, finalAction: 'write-off' } }));
      // Escalated and approved at 1250.00; a partial payment then left 50.00, below the policy's minimum of 100.00.
      invoices.put(openInvoice({ policy: 'strict', escalation: approvedEscalation, balance: 5000 }));
      const first = await planNextStep(deps, TENANT, NUMBER);
      if (first.kind === 'final-notice') {
        assert.equal((await sendReminder(deps, TENANT, NUMBER, first.stage)).outcome, 'skipped');
        assert.equal(mailer.sent.length, 0);
        const next = await planNextStep(deps, TENANT, NUMBER);
        assert.notDeepEqual(next, first, 'the same step at the same instant again is an endless loop');
      }
    },
  );

  it('waits for the end of a pause', async () => {
    const { deps, invoices } = setup('2026-12-12T10:00:00.000Z');
    invoices.put(openInvoice({ pausedUntil: '2027-01-11T10:00:00.000Z' }));
    assert.deepEqual(await planNextStep(deps, TENANT, NUMBER), { kind: 'resume', at: '2027-01-11T10:00:00.000Z' });
    assert.deepEqual(await eventTypes(invoices), []);
  });

  it('is done for a paid invoice and records nothing', async () => {
    const { deps, invoices } = setup();
    invoices.put(openInvoice({ status: 'paid', balance: 0 }));
    assert.deepEqual(await planNextStep(deps, TENANT, NUMBER), { kind: 'done', reason: 'invoice is paid' });
    assert.deepEqual(await eventTypes(invoices), []);
  });

  it('throws NotFoundError for an invoice that does not exist', async () => {
    const { deps } = setup();
    await assert.rejects(planNextStep(deps, TENANT, NUMBER), NotFoundError);
  });
});

describe('getInvoice and markWorkflowFailed', () => {
  it('returns the invoice with its notices and timeline', async () => {
    const { deps, invoices, noticeLedger } = setup();
    await ingestAndStart(deps, TENANT, invoiceInput());
    await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    const view = await getInvoice(deps, TENANT, NUMBER);
    assert.equal(view.invoice.invoiceNumber, NUMBER);
    assert.deepEqual(view.notices.map((n) => n.stage), ['overdue-7-days']);
    assert.deepEqual(view.timeline.map((e) => e.type), ['invoice.created', 'workflow.started', 'reminder.sent']);
    assert.deepEqual(view, { invoice: await invoices.get(TENANT, NUMBER), notices: await noticeLedger.notices(TENANT, NUMBER), timeline: await invoices.timeline(TENANT, NUMBER) });
  });

  it('throws NotFoundError for an unknown invoice', async () => {
    const { deps } = setup();
    await assert.rejects(getInvoice(deps, TENANT, 'INV-404'), NotFoundError);
  });

  it('marks the invoice with the workflow failure and records it on the timeline', async () => {
    const { deps, invoices } = setup('2026-12-08T08:00:00.000Z');
    invoices.put(openInvoice());
    await markWorkflowFailed(deps, TENANT, NUMBER, { error: 'States.TaskFailed', cause: 'SES throttled' });
    assert.deepEqual((await invoices.get(TENANT, NUMBER))?.workflowError, {
      at: '2026-12-08T08:00:00.000Z',
      error: 'States.TaskFailed',
      cause: 'SES throttled',
    });
    const [event] = await invoices.timeline(TENANT, NUMBER);
    assert.equal(event?.type, 'workflow.failed');
    assert.deepEqual(event?.detail, { error: 'States.TaskFailed', cause: 'SES throttled' });
  });
});
