import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError } from '../../shared/kernel/index.js';
import { applyEscalationTimeout } from '../../shared/escalation/index.js';
import { applyFinalAction } from '../../shared/escalation/index.js';
import { ingestAndStart } from './fakes/stream-starter.js';
import { planNextStep } from '../../shared/reminders/index.js';
import { recordPayment } from '../../shared/payments/index.js';
import { requestApproval } from '../../shared/escalation/index.js';
import { sendReminder } from '../../shared/reminders/index.js';
import { invoiceInput } from './fixtures.js';
import { TENANT, NUMBER, TOKEN, OWNER, FINANCE, CFO, REQUESTED_AT, TASK_EXPIRES_AT, escalatingPolicy, withEscalation, invoice, setup, mailedLinks, escalate, use, snapshot } from './escalation.fixtures.js';


describe('applyEscalationTimeout', () => {
  it("applies the policy's timeout action 'stop': the escalation stops with decision 'timeout' and collection ends", async () => {
    const context = setup();
    const { links, escalationId } = await escalate(context);
    context.clock.set(TASK_EXPIRES_AT);
    assert.deepEqual(await applyEscalationTimeout(context.deps, TENANT, NUMBER), { outcome: 'stop' });
    const stored = await context.invoices.get(TENANT, NUMBER);
    assert.deepEqual(stored?.escalation, { id: escalationId, status: 'stopped', requestedAt: REQUESTED_AT, expiresAt: TASK_EXPIRES_AT, decision: 'timeout', decidedBy: 'timeout', decidedAt: TASK_EXPIRES_AT });
    const timedOut = (await context.invoices.timeline(TENANT, NUMBER)).find((event) => event.type === 'escalation.timed-out');
    assert.deepEqual(timedOut?.detail, { escalationId, decision: 'stop', decidedBy: 'timeout' });
    assert.deepEqual(await planNextStep(context.deps, TENANT, NUMBER), { kind: 'done', reason: 'collection stopped: escalation timeout' });
    context.clock.set(new Date(links[0]!.expires - 1));
    assert.deepEqual(await use(context, links[0]!), { ok: false, reason: 'decided', invoice: stored });
  });

  it("applies the timeout action 'approve': the grace period starts and the final notice follows", async () => {
    const context = setup(withEscalation({ onTimeout: 'approve' }));
    await escalate(context);
    context.clock.set(TASK_EXPIRES_AT);
    assert.deepEqual(await applyEscalationTimeout(context.deps, TENANT, NUMBER), { outcome: 'approve' });
    const escalation = (await context.invoices.get(TENANT, NUMBER))?.escalation;
    assert.equal(escalation?.status, 'approved');
    assert.equal(escalation?.decision, 'timeout');
    assert.equal(escalation?.graceEndsAt, '2026-12-28T08:00:00.000Z');
    assert.deepEqual(await planNextStep(context.deps, TENANT, NUMBER), { kind: 'final-notice', at: TASK_EXPIRES_AT, stage: 'final-notice' });
  });

  it("applies the timeout action 'agency': the invoice goes to the agency", async () => {
    const context = setup(withEscalation({ onTimeout: 'agency' }));
    await escalate(context);
    assert.deepEqual(await applyEscalationTimeout(context.deps, TENANT, NUMBER), { outcome: 'agency' });
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'with_agency');
    const types = (await context.invoices.timeline(TENANT, NUMBER)).map((event) => event.type);
    assert.deepEqual(types, ['escalation.requested', 'escalation.timed-out', 'invoice.sent-to-agency']);
  });

  it("answers 'already-decided' and changes nothing when an approver decided first", async () => {
    const context = setup();
    const { find, escalationId } = await escalate(context);
    assert.ok((await use(context, find(FINANCE, 'approve'))).ok);
    const after = await snapshot(context, escalationId);
    assert.deepEqual(await applyEscalationTimeout(context.deps, TENANT, NUMBER), { outcome: 'already-decided' });
    assert.deepEqual(await snapshot(context, escalationId), after);
  });

  it("answers 'already-decided' when an approver's decision commits between its read and its write", async () => {
    const context = setup();
    const { find } = await escalate(context);
    let raced = false;
    context.escalations.beforeDecideEscalation = () => {
      if (raced) return;
      raced = true;
      return use(context, find(FINANCE, 'approve')).then(() => undefined);
    };
    assert.deepEqual(await applyEscalationTimeout(context.deps, TENANT, NUMBER), { outcome: 'already-decided' });
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.escalation?.decision, 'approve');
  });

  it("answers 'already-decided' for an invoice without an escalation, and NotFoundError for no invoice", async () => {
    const context = setup();
    await assert.rejects(applyEscalationTimeout(context.deps, TENANT, NUMBER), NotFoundError);
    context.invoices.put(invoice());
    assert.deepEqual(await applyEscalationTimeout(context.deps, TENANT, NUMBER), { outcome: 'already-decided' });
    assert.deepEqual(await context.invoices.timeline(TENANT, NUMBER), []);
  });

  it(
    "does not write off an invoice that was paid while its escalation was pending, whatever the policy's timeout action",
    async () => {
      const context = setup(withEscalation({ onTimeout: 'write-off' }));
      await escalate(context);
      await recordPayment(context.deps, TENANT, { invoiceNumber: NUMBER, amount: 125000, currency: 'EUR', paidAt: '2026-12-11', reference: 'BANK-9' });
      await applyEscalationTimeout(context.deps, TENANT, NUMBER);
      assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'paid');
    },
  );
});

describe('applyFinalAction', () => {
  const approved = {
    id: 'esc-1',
    status: 'approved' as const,
    requestedAt: REQUESTED_AT,
    expiresAt: TASK_EXPIRES_AT,
    decision: 'approve' as const,
    decidedBy: FINANCE,
    decidedAt: '2026-12-12T10:00:00.000Z',
    graceEndsAt: '2026-12-22T10:00:00.000Z',
  };
  const GRACE_ENDS = '2026-12-22T10:00:00.000Z';

  it('writes the invoice off when the grace period ends, naming who approved it', async () => {
    const context = setup(escalatingPolicy, GRACE_ENDS);
    context.invoices.put(invoice({ escalation: approved }));
    assert.deepEqual(await applyFinalAction(context.deps, TENANT, NUMBER, 'write-off'), { outcome: 'write-off' });
    const stored = await context.invoices.get(TENANT, NUMBER);
    assert.equal(stored?.status, 'written_off');
    assert.equal(stored?.updatedAt, GRACE_ENDS);
    assert.deepEqual(await context.invoices.timeline(TENANT, NUMBER), [
      {
        type: 'invoice.written-off',
        at: GRACE_ENDS,
        key: 'invoice.written-off:final:esc-1',
        detail: { reason: 'grace period ended unpaid', approvedBy: FINANCE, balance: 125000 },
      },
    ]);
    assert.deepEqual(await planNextStep(context.deps, TENANT, NUMBER), { kind: 'done', reason: 'invoice is written_off' });
  });

  it('hands the invoice to an agency with its full history on the event', async () => {
    const context = setup(escalatingPolicy, GRACE_ENDS);
    const stored = invoice({ escalation: approved });
    context.invoices.put(stored);
    context.noticeLedger.putNotice(TENANT, NUMBER, { stage: 'final-notice', status: 'sent', at: '2026-12-12T10:00:00.000Z', messageId: 'msg-9' });
    await context.invoices.appendEvent(TENANT, NUMBER, { type: 'final-notice.sent', at: '2026-12-12T10:00:00.000Z', key: 'reminder.sent:final-notice' });
    assert.deepEqual(await applyFinalAction(context.deps, TENANT, NUMBER, 'agency'), { outcome: 'agency' });
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'with_agency');
    const handover = (await context.invoices.timeline(TENANT, NUMBER)).find((event) => event.type === 'invoice.sent-to-agency');
    assert.equal(handover?.key, 'invoice.sent-to-agency:final:esc-1');
    assert.deepEqual(handover?.detail, {
      approvedBy: FINANCE,
      invoice: stored,
      notices: [{ stage: 'final-notice', status: 'sent', at: '2026-12-12T10:00:00.000Z', messageId: 'msg-9' }],
      timeline: [{ type: 'final-notice.sent', at: '2026-12-12T10:00:00.000Z', key: 'reminder.sent:final-notice' }],
    });
  });

  it('skips an invoice that is no longer open and changes nothing', async () => {
    const context = setup(escalatingPolicy, GRACE_ENDS);
    context.invoices.put(invoice({ escalation: approved, status: 'paid', balance: 0 }));
    assert.deepEqual(await applyFinalAction(context.deps, TENANT, NUMBER, 'write-off'), { outcome: 'skipped: invoice is paid' });
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'paid');
    assert.deepEqual(await context.invoices.timeline(TENANT, NUMBER), []);
  });

  it('skips when a payment closes the invoice between its read and its write', async () => {
    const context = setup(escalatingPolicy, GRACE_ENDS);
    context.invoices.put(invoice({ escalation: approved }));
    context.invoices.beforeCloseInvoice = () => context.invoices.update(TENANT, NUMBER, { status: 'paid', balance: 0 });
    assert.deepEqual(await applyFinalAction(context.deps, TENANT, NUMBER, 'write-off'), { outcome: 'skipped: invoice changed' });
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'paid');
    assert.deepEqual(await context.invoices.timeline(TENANT, NUMBER), []);
  });

  it('throws NotFoundError for an invoice that does not exist', async () => {
    const context = setup();
    await assert.rejects(applyFinalAction(context.deps, TENANT, NUMBER, 'agency'), NotFoundError);
  });
});

describe('a whole collection under a policy with escalation', () => {
  it('walks an invoice from its first reminder through approval, final notice and grace period to a write-off', async () => {
    const context = setup(escalatingPolicy, '2026-11-01T10:00:00.000Z');
    await ingestAndStart(context.deps, TENANT, invoiceInput({ policy: 'strict', customer: { ...invoiceInput().customer, accountOwner: OWNER } }));
    const path: string[] = [];
    for (let step = await planNextStep(context.deps, TENANT, NUMBER); step.kind !== 'done'; step = await planNextStep(context.deps, TENANT, NUMBER)) {
      assert.ok(path.length < 10, `no end: ${path.join(' → ')}`);
      context.clock.set(step.at); // the workflow's Wait state
      path.push(`${step.kind}@${step.at}`);
      if (step.kind === 'reminder' || step.kind === 'final-notice') await sendReminder(context.deps, TENANT, NUMBER, step.stage);
      if (step.kind === 'escalate') {
        await requestApproval(context.deps, TENANT, NUMBER, TOKEN, step.approvalTimeoutSeconds);
        const approve = (await mailedLinks(context.mailer, context.escalations)).find((link) => link.approver === FINANCE && link.decision === 'approve');
        context.clock.set('2026-12-12T10:00:00.000Z'); // finance decides the next morning
        assert.ok((await use(context, approve!)).ok);
      }
      if (step.kind === 'final-action') await applyFinalAction(context.deps, TENANT, NUMBER, step.action);
      if (step.kind === 'resume') assert.fail('nothing pauses this invoice');
    }
    assert.deepEqual(path, [
      'reminder@2026-12-02T08:00:00.000Z',
      'escalate@2026-12-11T08:00:00.000Z',
      'final-notice@2026-12-12T10:00:00.000Z',
      'final-action@2026-12-22T10:00:00.000Z',
    ]);
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'written_off');
    assert.deepEqual(
      context.mailer.sent.map((email) => `${email.to.join(',')}:${email.headers?.['X-Arflow-Stage']}`),
      ['ap@acme.example:overdue-1-day', `${OWNER}:escalation`, `${FINANCE}:escalation`, `${CFO}:escalation`, 'ap@acme.example:final-notice'],
    );
    assert.deepEqual(
      (await context.invoices.timeline(TENANT, NUMBER)).map((event) => event.type),
      [
        'invoice.created',
        'workflow.started',
        'reminder.scheduled',
        'reminder.sent',
        'escalation.requested',
        'escalation.decided',
        'final-notice.sent',
        'invoice.written-off',
      ],
    );
  });
});
