import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { executionName } from '../../shared/execution-name.js';
import { invoiceInputSchema } from '../../shared/invoice.js';
import type { PaymentInput } from '../../shared/payment.js';
import { defaultPolicy } from '../../shared/policy.js';
import type { CollectionDeps } from '../../shared/use-cases/deps.js';
import { getInvoice } from '../../shared/use-cases/get-invoice.js';
import { ingestInvoice } from '../../shared/use-cases/ingest-invoice.js';
import { markWorkflowFailed } from '../../shared/use-cases/mark-workflow-failed.js';
import { planInvoiceReminder } from '../../shared/use-cases/plan-next-reminder.js';
import { recordPayment } from '../../shared/use-cases/record-payment.js';
import { sendReminder } from '../../shared/use-cases/send-reminder.js';
import { FakeMailer } from './fakes/fake-mailer.js';
import { FakeWorkflows } from './fakes/fake-workflows.js';
import { FixedClock } from './fakes/fixed-clock.js';
import { InMemoryInvoiceRepository } from './fakes/in-memory-invoice.repository.js';
import { contractExample, invoiceInput, openInvoice } from './fixtures.js';

const NBSP = '\u00a0';
const TENANT = 'acme';
const NUMBER = 'INV-1001';

function setup(now = '2026-12-08T08:00:00.000Z') {
  const invoices = new InMemoryInvoiceRepository();
  const workflows = new FakeWorkflows();
  const mailer = new FakeMailer();
  const clock = new FixedClock(new Date(now));
  const deps: CollectionDeps = { invoices, workflows, mailer, clock, policy: defaultPolicy, senderName: 'Acme Receivables' };
  return { deps, invoices, workflows, mailer, clock };
}

function payment(overrides: Partial<PaymentInput> = {}): PaymentInput {
  return { invoiceNumber: NUMBER, amount: 50000, currency: 'EUR', paidAt: '2026-12-03', reference: 'BANK-1', ...overrides };
}

async function eventTypes(invoices: InMemoryInvoiceRepository, invoiceNumber = NUMBER): Promise<string[]> {
  return (await invoices.timeline(TENANT, invoiceNumber)).map((event) => event.key);
}

describe('sendReminder', () => {
  it('sends the reminder once, records it as sent, and a second call for the same stage sends nothing', async () => {
    const { deps, invoices, mailer } = setup();
    invoices.put(openInvoice());

    const first = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.deepEqual(first, { outcome: 'sent', messageId: 'msg-1' });
    assert.equal(mailer.sent.length, 1);
    const email = mailer.sent[0]!;
    assert.deepEqual(email.to, ['ap@acme.example']);
    assert.equal(email.subject, `Overdue: invoice INV-1001, 1.250,00${NBSP}€, 7 days past due`);
    assert.equal(email.headers?.['X-Arflow-Stage'], 'overdue-7-days');
    assert.equal(email.headers?.['X-Arflow-Sent-At'], '2026-12-08T08:00:00.000Z');
    assert.deepEqual(await invoices.notices(TENANT, NUMBER), [
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
    const { deps, invoices, mailer } = setup();
    invoices.put(openInvoice({ status: 'paid', balance: 0 }));
    const outcome = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.deepEqual(outcome, { outcome: 'skipped', reason: 'invoice is paid' });
    assert.equal(mailer.sent.length, 0);
    assert.deepEqual(await invoices.notices(TENANT, NUMBER), []);
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
    const { deps, invoices, mailer } = setup();
    invoices.put(openInvoice());
    mailer.failNext();
    await assert.rejects(sendReminder(deps, TENANT, NUMBER, 'overdue-7-days'), /SES is unavailable/);
    assert.equal(mailer.sent.length, 0);
    assert.deepEqual(await invoices.notices(TENANT, NUMBER), [], 'the claim is given back');

    const retry = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.equal(retry.outcome, 'sent');
    assert.equal(mailer.sent.length, 1);
    assert.equal((await invoices.notices(TENANT, NUMBER))[0]?.status, 'sent');
  });

  it('sends nothing for a stage an earlier attempt claimed but never confirmed (it may have gone out)', async () => {
    const { deps, invoices, mailer } = setup();
    invoices.put(openInvoice());
    invoices.putNotice(TENANT, NUMBER, { stage: 'overdue-7-days', status: 'claimed', at: '2026-12-08T07:59:00.000Z' });
    const outcome = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.equal(outcome.outcome, 'skipped');
    assert.equal(mailer.sent.length, 0);
  });

  it('sends nothing for a stage the planner marked skipped (superseded)', async () => {
    const { deps, invoices, mailer } = setup();
    invoices.put(openInvoice());
    invoices.putNotice(TENANT, NUMBER, { stage: 'overdue-1-day', status: 'skipped', at: '2026-12-08T07:00:00.000Z', reason: 'superseded' });
    assert.equal((await sendReminder(deps, TENANT, NUMBER, 'overdue-1-day')).outcome, 'skipped');
    assert.equal(mailer.sent.length, 0);
  });

  it('reads the invoice again and sends the new balance when a partial payment commits between the read and the claim', async () => {
    const { deps, invoices, mailer } = setup();
    invoices.put(openInvoice());
    let concurrentPayments = 0;
    invoices.beforeClaim = () => {
      if (concurrentPayments++ === 0) invoices.update(TENANT, NUMBER, { balance: 100000 });
    };
    const outcome = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.equal(outcome.outcome, 'sent');
    assert.equal(mailer.sent.length, 1);
    assert.ok(mailer.sent[0]!.subject.includes(`1.000,00${NBSP}€`), mailer.sent[0]!.subject);
    assert.ok(mailer.sent[0]!.text.includes(`(of 1.250,00${NBSP}€`));
  });

  it('sends nothing when the invoice is paid between the read and the claim', async () => {
    const { deps, invoices, mailer } = setup();
    invoices.put(openInvoice());
    invoices.beforeClaim = () => invoices.update(TENANT, NUMBER, { status: 'paid', balance: 0 });
    const outcome = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.deepEqual(outcome, { outcome: 'skipped', reason: 'invoice is paid' });
    assert.equal(mailer.sent.length, 0);
    assert.deepEqual(await invoices.notices(TENANT, NUMBER), []);
  });

  it('gives up without sending when the invoice changes before every claim, and says why', async () => {
    const { deps, invoices, mailer } = setup();
    invoices.put(openInvoice());
    let balance = 125000;
    invoices.beforeClaim = () => invoices.update(TENANT, NUMBER, { balance: --balance });
    const outcome = await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    assert.deepEqual(outcome, { outcome: 'skipped', reason: 'the invoice kept changing while the reminder was prepared' });
    assert.equal(mailer.sent.length, 0);
    assert.deepEqual(await invoices.notices(TENANT, NUMBER), []);
  });

  it('throws NotFoundError for an invoice that does not exist, and for another tenant’s invoice', async () => {
    const { deps, invoices } = setup();
    invoices.put(openInvoice({}, 'globex'));
    await assert.rejects(sendReminder(deps, TENANT, NUMBER, 'overdue-7-days'), NotFoundError);
  });
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
    const { deps, invoices, workflows } = setup();
    invoices.put(openInvoice());
    let concurrent = 0;
    invoices.beforeApplyPayment = () => {
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
    const { deps, invoices } = setup();
    invoices.put(openInvoice());
    let balance = 125000;
    invoices.beforeApplyPayment = () => invoices.update(TENANT, NUMBER, { balance: --balance });
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
  it('stores a new invoice, starts its workflow and records both on the timeline', async () => {
    const { deps, invoices, workflows } = setup('2026-11-01T10:00:00.000Z');
    const result = await ingestInvoice(deps, TENANT, invoiceInput());
    assert.equal(result.outcome, 'created');
    assert.equal(result.invoice.balance, 125000);
    assert.equal(result.invoice.status, 'open');
    assert.equal(result.invoice.revision, 1);
    assert.equal(result.invoice.tenantId, TENANT);
    assert.deepEqual(await invoices.get(TENANT, NUMBER), result.invoice);
    assert.deepEqual(workflows.starts, [{ executionName: executionName(TENANT, NUMBER, 1), invoiceNumber: NUMBER, revision: 1 }]);
    assert.deepEqual(await eventTypes(invoices), ['invoice.created', 'workflow.started:r1']);
  });

  it('answers the same invoice posted twice with "unchanged" and the stored invoice; the repeated start is the same execution', async () => {
    const { deps, invoices, workflows, clock } = setup('2026-11-01T10:00:00.000Z');
    const first = await ingestInvoice(deps, TENANT, invoiceInput());
    clock.set('2026-11-01T10:05:00.000Z');
    const second = await ingestInvoice(deps, TENANT, invoiceInput());
    assert.equal(second.outcome, 'unchanged');
    assert.deepEqual(second.invoice, first.invoice);
    assert.equal(second.invoice.createdAt, '2026-11-01T10:00:00.000Z');
    assert.equal(workflows.starts.length, 2, 'one start per call');
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
    await ingestInvoice(deps, TENANT, invoiceInput());
    await assert.rejects(
      ingestInvoice(deps, TENANT, invoiceInput({ amount: 99900 })),
      (error: unknown) => error instanceof ConflictError && error.code === 'invoice_number_reused',
    );
    assert.equal((await invoices.get(TENANT, NUMBER))?.amount, 125000);
    assert.equal(workflows.starts.length, 1);
  });

  it('answers a repost of a paid invoice with "unchanged" and starts no workflow', async () => {
    const { deps, invoices, workflows } = setup();
    await ingestInvoice(deps, TENANT, invoiceInput());
    invoices.update(TENANT, NUMBER, { status: 'paid', balance: 0 });
    const result = await ingestInvoice(deps, TENANT, invoiceInput());
    assert.equal(result.outcome, 'unchanged');
    assert.equal(result.invoice.status, 'paid');
    assert.equal(workflows.starts.length, 1);
  });

  it('keeps the same invoice number of two tenants apart', async () => {
    const { deps, invoices, workflows } = setup();
    assert.equal((await ingestInvoice(deps, TENANT, invoiceInput())).outcome, 'created');
    assert.equal((await ingestInvoice(deps, 'globex', invoiceInput({ amount: 5000 }))).outcome, 'created');
    assert.equal((await invoices.get(TENANT, NUMBER))?.amount, 125000);
    assert.equal((await invoices.get('globex', NUMBER))?.amount, 5000);
    assert.equal(workflows.executions.size, 2);
  });
});

describe('planInvoiceReminder', () => {
  it('plans the first stage of a fresh invoice and records it as scheduled', async () => {
    const { deps, invoices } = setup('2026-11-01T10:00:00.000Z');
    invoices.put(openInvoice());
    const plan = await planInvoiceReminder(deps, TENANT, NUMBER);
    assert.deepEqual(plan, { action: 'wait', stage: 'due-in-3-days', sendAt: '2026-11-28T08:00:00.000Z' });
    assert.deepEqual(await invoices.notices(TENANT, NUMBER), []);
    assert.deepEqual(await eventTypes(invoices), ['reminder.scheduled:due-in-3-days:2026-11-28T08:00:00.000Z']);
  });

  it('marks the stages an invoice ingested 10 days overdue missed as skipped and plans only the latest due one', async () => {
    const { deps, invoices } = setup('2026-12-11T10:00:00.000Z');
    invoices.put(openInvoice());
    const plan = await planInvoiceReminder(deps, TENANT, NUMBER);
    assert.deepEqual(plan, { action: 'wait', stage: 'overdue-7-days', sendAt: '2026-12-08T08:00:00.000Z' });
    const notices = await invoices.notices(TENANT, NUMBER);
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
      'reminder.scheduled:overdue-7-days:2026-12-08T08:00:00.000Z',
    ]);
  });

  it('sends one reminder, not a burst, for an invoice ingested 10 days overdue, then waits for the next stage', async () => {
    const { deps, mailer } = setup('2026-12-11T10:00:00.000Z');
    await ingestInvoice(deps, TENANT, invoiceInput());
    const first = await planInvoiceReminder(deps, TENANT, NUMBER);
    assert.ok(first.action === 'wait');
    assert.equal(first.stage, 'overdue-7-days');
    await sendReminder(deps, TENANT, NUMBER, first.stage);
    const next = await planInvoiceReminder(deps, TENANT, NUMBER);
    assert.deepEqual(next, { action: 'wait', stage: 'overdue-14-days', sendAt: '2026-12-15T08:00:00.000Z' });
    assert.equal(mailer.sent.length, 1);
    assert.equal(mailer.sent[0]!.headers?.['X-Arflow-Stage'], 'overdue-7-days');
    assert.match(mailer.sent[0]!.subject, /10 days past due/);
  });

  it('is done for a paid invoice and records nothing', async () => {
    const { deps, invoices } = setup();
    invoices.put(openInvoice({ status: 'paid', balance: 0 }));
    assert.deepEqual(await planInvoiceReminder(deps, TENANT, NUMBER), { action: 'done', reason: 'invoice is paid' });
    assert.deepEqual(await eventTypes(invoices), []);
  });

  it('throws NotFoundError for an invoice that does not exist', async () => {
    const { deps } = setup();
    await assert.rejects(planInvoiceReminder(deps, TENANT, NUMBER), NotFoundError);
  });
});

describe('getInvoice and markWorkflowFailed', () => {
  it('returns the invoice with its notices and timeline', async () => {
    const { deps, invoices } = setup();
    await ingestInvoice(deps, TENANT, invoiceInput());
    await sendReminder(deps, TENANT, NUMBER, 'overdue-7-days');
    const view = await getInvoice(deps, TENANT, NUMBER);
    assert.equal(view.invoice.invoiceNumber, NUMBER);
    assert.deepEqual(view.notices.map((n) => n.stage), ['overdue-7-days']);
    assert.deepEqual(view.timeline.map((e) => e.type), ['invoice.created', 'workflow.started', 'reminder.sent']);
    assert.deepEqual(view, { invoice: await invoices.get(TENANT, NUMBER), notices: await invoices.notices(TENANT, NUMBER), timeline: await invoices.timeline(TENANT, NUMBER) });
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
