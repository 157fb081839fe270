import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/kernel/index.js';
import { executionName } from '../../shared/invoicing/index.js';
import { invoiceInputSchema } from '../../shared/invoicing/index.js';
import type { PaymentInput } from '../../shared/payments/index.js';
import type { EscalationState } from '../../shared/invoicing/index.js';
import { getInvoice } from '../../shared/invoicing/index.js';
import { ingestInvoice } from '../../shared/imports/index.js';
import { markWorkflowFailed } from '../../shared/invoicing/index.js';
import { planNextStep } from '../../shared/reminders/index.js';
import { recordPayment } from '../../shared/payments/index.js';
import { sendReminder } from '../../shared/reminders/index.js';
import { collectionSetup as setup } from './fakes/collection-deps.js';
import { deliverInsert, ingestAndStart } from './fakes/stream-starter.js';
import type { InMemoryInvoiceRepository } from '../../shared/invoicing/index.js';
import { contractExample, invoiceInput, openInvoice, storedPolicy } from './fixtures.js';

const NBSP = '\u00a0';
const TENANT = 'acme';
const NUMBER = 'INV-1001';

/** An escalation that finance approved on 2026-12-12, with a 10-day grace period. */
const approvedEscalation: EscalationState = {
  id: 'esc-1',
  status: 'approved',
  requestedAt: '2026-12-11T08:00:00.000Z',
  expiresAt: '2026-12-18T08:00:00.000Z',
  decision: 'approve',
  decidedBy: 'finance@acme.example',
  decidedAt: '2026-12-12T10:00:00.000Z',
  graceEndsAt: '2026-12-22T10:00:00.000Z',
};

function payment(overrides: Partial<PaymentInput> = {}): PaymentInput {
  return { invoiceNumber: NUMBER, amount: 50000, currency: 'EUR', paidAt: '2026-12-03', reference: 'BANK-1', ...overrides };
}

async function eventTypes(invoices: InMemoryInvoiceRepository, invoiceNumber = NUMBER): Promise<string[]> {
  return (await invoices.timeline(TENANT, invoiceNumber)).map((event) => event.key);
}

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

describe('recordPayment', () => {
  it('applies a partial then a full payment and stops the workflow once, when the invoice is paid', async () => {
    const { deps, invoices, workflows } = setup();
    invoices.put(openInvoice());

    const partial = await recordPayment(deps, TENANT, payment({ amount: 50000, reference: 'BANK-1' }));
    assert.equal(partial.outcome, 'applied');
    assert.equal(partial.invoice.balance, 75000);
    assert.equal(partial.invoice.status, 'open');
    assert.equal(workflows.stops.length, 0);
    assert.equal((await invoices.get(TENANT, NUMBER))?.balance, 75000);

    const full = await recordPayment(deps, TENANT, payment({ amount: 75000, reference: 'BANK-2' }));
    assert.equal(full.outcome, 'applied');
    assert.equal(full.invoice.balance, 0);
    assert.equal(full.invoice.status, 'paid');
    assert.deepEqual(workflows.stops, [{ executionName: executionName(TENANT, NUMBER, 1), reason: 'invoice paid' }]);

    const stored = await invoices.get(TENANT, NUMBER);
    assert.equal(stored?.status, 'paid');
    assert.equal(stored?.balance, 0);
    const keys = await eventTypes(invoices);
    assert.equal(keys.filter((key) => key.startsWith('payment.received:')).length, 2);
    assert.deepEqual(
      keys.filter((key) => key.startsWith('status.changed:')),
      [`status.changed:paid:${full.payment.paymentId}`],
    );
  });

  it('treats the same payment posted twice as a duplicate and lowers the balance once', async () => {
    const { deps, invoices, workflows } = setup();
    invoices.put(openInvoice());
    const first = await recordPayment(deps, TENANT, payment());
    const second = await recordPayment(deps, TENANT, payment());
    assert.equal(first.outcome, 'applied');
    assert.equal(second.outcome, 'duplicate');
    assert.equal(second.payment.paymentId, first.payment.paymentId);
    assert.equal(second.invoice.balance, 75000);
    assert.equal((await invoices.get(TENANT, NUMBER))?.balance, 75000);
    assert.equal(workflows.stops.length, 0);
  });

  it('treats a repost of the payment that paid the invoice as a duplicate, not a conflict, and does not stop the workflow again', async () => {
    const { deps, invoices, workflows } = setup();
    invoices.put(openInvoice());
    const paying = payment({ amount: 125000 });
    assert.equal((await recordPayment(deps, TENANT, paying)).outcome, 'applied');
    const repost = await recordPayment(deps, TENANT, paying);
    assert.equal(repost.outcome, 'duplicate');
    assert.equal(repost.invoice.status, 'paid');
    assert.equal(workflows.stops.length, 1);
  });

  it('keeps the excess of an overpayment and marks the invoice paid', async () => {
    const { deps, invoices, workflows } = setup();
    invoices.put(openInvoice());
    const result = await recordPayment(deps, TENANT, payment({ amount: 130000 }));
    assert.equal(result.invoice.status, 'paid');
    assert.equal(result.payment.excessAmount, 5000);
    assert.equal(workflows.stops.length, 1);
  });

  it('refuses a new payment to a paid invoice with ConflictError invoice_not_open', async () => {
    const { deps, invoices } = setup();
    invoices.put(openInvoice({ status: 'paid', balance: 0 }));
    await assert.rejects(recordPayment(deps, TENANT, payment()), (error: unknown) => error instanceof ConflictError && error.code === 'invoice_not_open');
  });

  it('refuses a payment in another currency with a ValidationError at path currency and changes nothing', async () => {
    const { deps, invoices } = setup();
    invoices.put(openInvoice());
    await assert.rejects(
      recordPayment(deps, TENANT, payment({ currency: 'USD' })),
      (error: unknown) => error instanceof ValidationError && error.issues[0]?.path === 'currency',
    );
    assert.equal((await invoices.get(TENANT, NUMBER))?.balance, 125000);
  });

  it('reads again and applies to the new balance when another payment commits between its read and its write', async () => {
    const { deps, invoices, workflows, payments } = setup();
    invoices.put(openInvoice());
    let concurrent = 0;
    payments.beforeApplyPayment = () => {
      if (concurrent++ === 0) invoices.update(TENANT, NUMBER, { balance: 85000 }); // someone else's 40000 landed first
    };
    const result = await recordPayment(deps, TENANT, payment({ amount: 85000 }));
    assert.equal(result.outcome, 'applied');
    assert.equal(result.invoice.balance, 0);
    assert.equal(result.invoice.status, 'paid');
    assert.equal(result.payment.excessAmount, 0);
    assert.equal(workflows.stops.length, 1);
  });

  it('gives up with ConflictError concurrent_update when the invoice changes before every write', async () => {
    const { deps, invoices, payments } = setup();
    invoices.put(openInvoice());
    let balance = 125000;
    payments.beforeApplyPayment = () => invoices.update(TENANT, NUMBER, { balance: --balance });
    await assert.rejects(recordPayment(deps, TENANT, payment()), (error: unknown) => error instanceof ConflictError && error.code === 'concurrent_update');
  });

  it('throws NotFoundError for a payment to an invoice of another tenant', async () => {
    const { deps, invoices } = setup();
    invoices.put(openInvoice({}, 'globex'));
    await assert.rejects(recordPayment(deps, TENANT, payment()), NotFoundError);
    assert.equal((await invoices.get('globex', NUMBER))?.balance, 125000);
  });
});

describe('ingestInvoice', () => {
  it('stores a new invoice without starting its workflow; the stored insert then starts it, and both are on the timeline', async () => {
    const { deps, invoices, workflows } = setup('2026-11-01T10:00:00.000Z');
    const result = await ingestInvoice(deps, TENANT, invoiceInput());
    assert.deepEqual(workflows.starts, [], 'the caller does not wait for the workflow');
    await deliverInsert(deps, result.invoice);
    assert.equal(result.outcome, 'created');
    assert.equal(result.invoice.balance, 125000);
    assert.equal(result.invoice.status, 'open');
    assert.equal(result.invoice.revision, 1);
    assert.equal(result.invoice.tenantId, TENANT);
    assert.deepEqual(await invoices.get(TENANT, NUMBER), result.invoice);
    assert.deepEqual(workflows.starts, [{ executionName: executionName(TENANT, NUMBER, 1), invoiceNumber: NUMBER, revision: 1 }]);
    assert.deepEqual(await eventTypes(invoices), ['invoice.created', 'workflow.started:r1']);
  });

  it('answers the same invoice posted twice with "unchanged" and the stored invoice; a redelivered insert starts the same execution', async () => {
    const { deps, invoices, workflows, clock } = setup('2026-11-01T10:00:00.000Z');
    const first = await ingestAndStart(deps, TENANT, invoiceInput());
    clock.set('2026-11-01T10:05:00.000Z');
    const second = await ingestAndStart(deps, TENANT, invoiceInput());
    assert.equal(second.outcome, 'unchanged');
    assert.deepEqual(second.invoice, first.invoice);
    assert.equal(second.invoice.createdAt, '2026-11-01T10:00:00.000Z');
    assert.equal(workflows.starts.length, 1, 'only the insert starts a workflow');
    await deliverInsert(deps, first.invoice); // the stream delivers a record twice
    assert.equal(new Set(workflows.starts.map((start) => start.executionName)).size, 1);
    assert.equal(workflows.executions.size, 1);
    assert.deepEqual(await eventTypes(invoices), ['invoice.created', 'workflow.started:r1']);
  });


  it('treats a repost with other key order, email case and padding as the same invoice', async () => {
    const { deps } = setup();
    await ingestInvoice(deps, TENANT, invoiceInput());
    const example = contractExample();
    const reposted = invoiceInputSchema.parse({
      ...example,
      invoiceNumber: ` ${NUMBER} `,
      customer: { locale: 'de-DE', timezone: 'Europe/Berlin', name: 'Acme GmbH', email: 'AP@ACME.EXAMPLE', id: 'C-1' },
    });
    assert.equal((await ingestInvoice(deps, TENANT, reposted)).outcome, 'unchanged');
  });

  it('refuses the same number with different content with ConflictError invoice_number_reused and keeps the stored invoice', async () => {
    const { deps, invoices, workflows } = setup();
    await ingestAndStart(deps, TENANT, invoiceInput());
    await assert.rejects(
      ingestInvoice(deps, TENANT, invoiceInput({ amount: 99900 })),
      (error: unknown) => error instanceof ConflictError && error.code === 'invoice_number_reused',
    );
    assert.equal((await invoices.get(TENANT, NUMBER))?.amount, 125000);
    assert.equal(workflows.starts.length, 1);
  });

  it('answers a repost of a paid invoice with "unchanged" and starts no workflow', async () => {
    const { deps, invoices, workflows } = setup();
    await ingestAndStart(deps, TENANT, invoiceInput());
    invoices.update(TENANT, NUMBER, { status: 'paid', balance: 0 });
    const result = await ingestAndStart(deps, TENANT, invoiceInput());
    assert.equal(result.outcome, 'unchanged');
    assert.equal(result.invoice.status, 'paid');
    assert.equal(workflows.starts.length, 1);
  });

  it('refuses a policy name that names no stored policy with a ValidationError at path policy, and stores nothing', async () => {
    const { deps, invoices, workflows } = setup();
    await assert.rejects(
      ingestInvoice(deps, TENANT, invoiceInput({ policy: 'strict' })),
      (error: unknown) => error instanceof ValidationError && error.issues.length === 1 && error.issues[0]?.path === 'policy',
    );
    assert.equal(await invoices.get(TENANT, NUMBER), undefined);
    assert.deepEqual(workflows.starts, []);
  });

  it("accepts a stored policy's name and keeps it on the invoice; another tenant's policy of that name does not count", async () => {
    const { deps, policies } = setup();
    policies.seed('globex', storedPolicy('strict', { stages: [] }));
    await assert.rejects(ingestInvoice(deps, TENANT, invoiceInput({ policy: 'strict' })), ValidationError);
    policies.seed(TENANT, storedPolicy('strict', { stages: [] }));
    const result = await ingestInvoice(deps, TENANT, invoiceInput({ policy: 'strict' }));
    assert.equal(result.outcome, 'created');
    assert.equal(result.invoice.policy, 'strict');
  });

  it("accepts the name 'default' before the tenant stores a default policy (the built-in one applies)", async () => {
    const { deps } = setup();
    assert.equal((await ingestInvoice(deps, TENANT, invoiceInput({ policy: 'default' }))).outcome, 'created');
  });

  it('keeps the same invoice number of two tenants apart', async () => {
    const { deps, invoices, workflows } = setup();
    assert.equal((await ingestAndStart(deps, TENANT, invoiceInput())).outcome, 'created');
    assert.equal((await ingestAndStart(deps, 'globex', invoiceInput({ amount: 5000 }))).outcome, 'created');
    assert.equal((await invoices.get(TENANT, NUMBER))?.amount, 125000);
    assert.equal((await invoices.get('globex', NUMBER))?.amount, 5000);
    assert.equal(workflows.executions.size, 2);
  });
});

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
