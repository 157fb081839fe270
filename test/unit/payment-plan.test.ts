import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextCollectionStep } from '../../shared/reminders/index.js';
import { ConflictError, ValidationError } from '../../shared/kernel/index.js';
import { brokenPlanStage, installmentIssues, installmentProgress, nextInstallment, paymentPlanState, planNotice } from '../../shared/payment-plans/index.js';
import type { PaymentPlan } from '../../shared/invoicing/index.js';
import { defaultPolicy } from '../../shared/policies/index.js';
import type { NoticeRecord } from '../../shared/invoicing/index.js';
import { agreePaymentPlan } from '../../shared/payment-plans/index.js';
import { planNextStep } from '../../shared/reminders/index.js';
import { collectionSetup } from './fakes/collection-deps.js';
import { openInvoice } from './fixtures.js';

const plan = (overrides: Partial<PaymentPlan> = {}): PaymentPlan => ({
  id: 'plan-1',
  status: 'active',
  installments: [
    { dueDate: '2027-01-15', amount: 40000 },
    { dueDate: '2027-02-15', amount: 40000 },
    { dueDate: '2027-03-15', amount: 45000 },
  ],
  total: 125000,
  agreedAt: '2026-12-10T10:00:00.000Z',
  agreedBy: 'jo@finance.example',
  ...overrides,
});
const utc = { ...openInvoice().customer, timezone: 'UTC' };
const onPlan = (balance = 125000, overrides: Partial<PaymentPlan> = {}) => openInvoice({ customer: utc, balance, paymentPlan: plan(overrides) });
const sent = (stage: string): NoticeRecord => ({ stage, status: 'sent', at: '2026-12-01T09:00:00.000Z' });

describe('payment plan arithmetic', () => {
  it('accepts installments that add up to the balance with rising due dates from today on', () => {
    assert.deepEqual(installmentIssues(plan().installments, 125000, '2026-12-10'), []);
  });

  it('names what is wrong: a total other than the balance, a due date not after the previous one, a first due date in the past', () => {
    const issues = installmentIssues(
      [
        { dueDate: '2026-12-01', amount: 50000 },
        { dueDate: '2026-12-01', amount: 50000 },
      ],
      125000,
      '2026-12-10',
    );
    assert.deepEqual(issues, [
      { path: 'installments', message: 'must add up to the balance, 125000 (they add up to 100000)' },
      { path: 'installments.0.dueDate', message: 'must not be before today, 2026-12-10' },
      { path: 'installments.1.dueDate', message: "must be after installment 1's due date, 2026-12-01" },
    ]);
  });

  it('applies what has been paid (total minus balance) to the installments in order', () => {
    assert.deepEqual(installmentProgress(plan(), 125000).map((i) => [i.number, i.paid, i.due, i.status]), [[1, 0, 40000, 'unpaid'], [2, 0, 40000, 'unpaid'], [3, 0, 45000, 'unpaid']]);
    assert.deepEqual(installmentProgress(plan(), 75000).map((i) => [i.paid, i.due, i.status]), [[40000, 0, 'paid'], [10000, 30000, 'partly-paid'], [0, 45000, 'unpaid']]);
    assert.deepEqual(installmentProgress(plan(), 0).map((i) => i.status), ['paid', 'paid', 'paid']);
    assert.equal(nextInstallment(plan(), 45000)?.number, 3);
    assert.equal(nextInstallment(plan(), 0), undefined);
  });

  it("counts an installment as missed the policy's grace days after its due date, at the window's opening", () => {
    const invoice = { ...onPlan(), paymentPlan: plan() };
    const state = paymentPlanState(invoice, defaultPolicy, new Date('2027-01-20T09:00:00.000Z'));
    assert.equal(state.kind, 'on-track');
    assert.deepEqual(state.kind === 'on-track' && state.missedAt, new Date('2027-01-25T09:00:00.000Z'));
    assert.deepEqual(paymentPlanState(invoice, defaultPolicy, new Date('2027-01-25T09:00:00.000Z')), { kind: 'broken', missed: 1 });
    assert.equal(paymentPlanState({ ...invoice, balance: 85000 }, defaultPolicy, new Date('2027-01-25T09:00:00.000Z')).kind, 'on-track', 'paid on time: the next one counts');
  });
});

describe('collection under a payment plan', () => {
  it("plans the policy's reminders around the next unpaid installment instead of the invoice's due date", () => {
    const step = nextCollectionStep(onPlan(), [], defaultPolicy, new Date('2026-12-10T10:00:00.000Z'));
    assert.deepEqual(step, { kind: 'reminder', at: new Date('2027-01-12T09:00:00.000Z'), stage: 'installment-1-due-in-3-days', superseded: [] });
    const second = nextCollectionStep(onPlan(85000), [sent('installment-1-due-in-3-days')], defaultPolicy, new Date('2027-01-16T10:00:00.000Z'));
    assert.deepEqual(second.kind === 'reminder' && [second.stage, second.at], ['installment-2-due-in-3-days', new Date('2027-02-12T09:00:00.000Z')]);
  });

  it('waits until the installment would count as missed once its reminders are handled (the overdue-14-days stage lies beyond the grace days)', () => {
    const ledger = ['due-in-3-days', 'overdue-1-day', 'overdue-7-days'].map((stage) => sent(`installment-1-${stage}`));
    assert.deepEqual(nextCollectionStep(onPlan(), ledger, defaultPolicy, new Date('2027-01-22T10:00:00.000Z')), { kind: 'resume', at: new Date('2027-01-25T09:00:00.000Z') });
  });

  it('sends one notice when an installment is missed, standing in for the stages of the invoice that fell due, then collects the whole balance', () => {
    const ledger = [sent('due-in-3-days')];
    const step = nextCollectionStep(onPlan(), ledger, defaultPolicy, new Date('2027-01-25T09:00:00.000Z'));
    assert.equal(step.kind === 'reminder' && step.stage, brokenPlanStage);
    assert.deepEqual(step.kind === 'reminder' && step.superseded, ['overdue-1-day', 'overdue-7-days', 'overdue-14-days']);
    const after = nextCollectionStep(onPlan(125000, { status: 'broken', missedInstallment: 1 }), [...ledger, sent(brokenPlanStage), ...['overdue-1-day', 'overdue-7-days', 'overdue-14-days'].map(sent)], defaultPolicy, new Date('2027-01-26T09:00:00.000Z'));
    assert.equal(after.kind, 'done', 'with no escalation in the policy, every stage of the whole balance is handled');
  });

  it('escalates the whole balance after a broken plan when the policy escalates', () => {
    const policy = { ...defaultPolicy, escalation: { afterDaysOverdue: 21, minimumBalance: 0, approvers: { accountOwner: true, emails: [] }, approvalTimeoutDays: 5, onTimeout: 'stop' as const, extendDays: 14, pauseDays: 30 } };
    const ledger = [sent('due-in-3-days'), sent(brokenPlanStage), ...['overdue-1-day', 'overdue-7-days', 'overdue-14-days'].map(sent)];
    const step = nextCollectionStep(onPlan(125000, { status: 'broken', missedInstallment: 1 }), ledger, policy, new Date('2027-01-26T09:00:00.000Z'));
    assert.equal(step.kind, 'escalate');
  });

  it('shows the installment on its notice and skips a notice whose installment was paid meanwhile', () => {
    const notice = planNotice(onPlan(100000), 'installment-1-overdue-1-day', defaultPolicy, new Date('2027-01-16T09:00:00.000Z'));
    assert.equal(notice.kind, 'installment');
    assert.deepEqual(notice.kind === 'installment' && [notice.invoice.dueDate, notice.invoice.balance, notice.invoice.amount, notice.policyStageId], ['2027-01-15', 15000, 40000, 'overdue-1-day']);
    assert.match(notice.kind === 'installment' ? notice.subject : '', /installment 1 of 3/);
    assert.equal(planNotice(onPlan(85000), 'installment-1-overdue-1-day', defaultPolicy, new Date('2027-01-16T09:00:00.000Z')).kind, 'skip');
    assert.equal(planNotice(onPlan(), brokenPlanStage, defaultPolicy, new Date('2027-01-16T09:00:00.000Z')).kind, 'skip');
    assert.equal(planNotice(onPlan(), 'overdue-1-day', defaultPolicy, new Date('2027-01-16T09:00:00.000Z')).kind, 'none');
  });
});

describe('agreeing a payment plan (in-memory)', () => {
  it("stores the plan (answering the customer's request), re-plans the workflow, refuses a second plan and invalid installments, and records a missed installment once", async () => {
    const { deps, invoices, workflows, clock } = collectionSetup('2026-12-10T10:00:00.000Z');
    invoices.put(openInvoice({ customer: utc }));
    await invoices.appendEvent('acme', 'INV-1001', { type: 'payment-plan.requested', at: '2026-12-09T15:00:00.000Z', key: 'payment-plan.requested:link-1', detail: {} });
    await assert.rejects(
      agreePaymentPlan(deps, 'acme', 'INV-1001', { installments: [{ dueDate: '2027-01-15', amount: 1000 }] }),
      (error: unknown) => error instanceof ValidationError && error.issues[0]?.path === 'installments',
    );
    const agreed = await agreePaymentPlan(deps, 'acme', 'INV-1001', { installments: plan().installments, by: 'jo@finance.example' });
    assert.deepEqual([agreed.paymentPlan?.status, agreed.paymentPlan?.requestedAt], ['active', '2026-12-09T15:00:00.000Z'], "it answers the customer's request");
    assert.equal(workflows.starts.length, 1);
    await assert.rejects(agreePaymentPlan(deps, 'acme', 'INV-1001', { installments: plan().installments }), (error: unknown) => error instanceof ConflictError && error.code === 'payment_plan_exists');

    clock.set(new Date('2027-01-25T09:00:00.000Z'));
    const step = await planNextStep(deps, 'acme', 'INV-1001');
    assert.equal(step.kind === 'reminder' && step.stage, brokenPlanStage);
    const stored = await invoices.get('acme', 'INV-1001');
    assert.deepEqual([stored?.paymentPlan?.status, stored?.paymentPlan?.missedInstallment], ['broken', 1]);
    await planNextStep(deps, 'acme', 'INV-1001');
    assert.equal((await invoices.timeline('acme', 'INV-1001')).filter((event) => event.type === 'payment-plan.broken').length, 1);
  });
});
