import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

interface PlanView {
  status: string;
  missedInstallment?: number;
  installments: { number: number; dueDate: string; amount: number; paid: number; due: number; status: string }[];
}
interface ErrorView {
  error: { code: string; issues?: { path: string; message: string }[] };
}

/** Payment plans on the embedded stack with the virtual clock: installment reminders, payments, a missed installment. */
describe('payment plans on the embedded stack', () => {
  const { api } = useLocalStack('2026-11-20T12:00:00.000Z');
  const today = async () => dateInZone(await api().now(), 'UTC');

  it('reminds installment by installment, moves on when one is paid, and breaks the plan when one is missed: one notice, then the escalation of the whole balance', async () => {
    const policy = {
      stages: [
        { id: 'due-in-3-days', offsetDays: -3 },
        { id: 'overdue-1-day', offsetDays: 1 },
      ],
      escalation: { afterDaysOverdue: 21, minimumBalance: 1, approvers: { accountOwner: false, emails: ['finance@seller.example'] }, approvalTimeoutDays: 5, onTimeout: 'stop' },
      grace: { days: 5, finalAction: 'none' },
    };
    assert.equal((await api().request('PUT', '/policies/plans', policy)).status, 201);
    const start = await today();
    const invoice = anInvoice({ dueDate: addDays(start, 5), amount: 90000, policy: 'plans', customer: { id: `PLAN-C-${process.pid}`, name: 'Instalment Ltd', email: 'ap@instalment.example', timezone: 'UTC' } });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const path = `/invoices/${invoice.invoiceNumber}/payment-plan`;
    const installments = [
      { dueDate: addDays(start, 10), amount: 30000 },
      { dueDate: addDays(start, 40), amount: 30000 },
      { dueDate: addDays(start, 70), amount: 30000 },
    ];

    const wrong = await api().request<ErrorView>('POST', path, { installments: [installments[0], { ...installments[0], amount: 50000 }] });
    assert.equal(wrong.status, 422);
    assert.deepEqual(wrong.body.error.issues?.map((issue) => issue.path), ['installments', 'installments.1.dueDate']);
    const agreed = await api().request<{ invoice: { paymentPlan: PlanView } }>('POST', path, { installments, by: 'jo@finance.example' });
    assert.equal(agreed.status, 201, JSON.stringify(agreed.body));
    assert.deepEqual(agreed.body.invoice.paymentPlan.installments.map((i) => [i.number, i.due, i.status]), [[1, 30000, 'unpaid'], [2, 30000, 'unpaid'], [3, 30000, 'unpaid']]);
    const second = await api().request<ErrorView>('POST', path, { installments });
    assert.deepEqual([second.status, second.body.error.code], [409, 'payment_plan_exists']);

    await api().advanceDays(8); // installment 1 is due in 3 days
    const first = await api().emailsFor(invoice.invoiceNumber);
    assert.deepEqual(first.map((email) => email.headers['X-Arflow-Stage']), ['installment-1-due-in-3-days'], "the invoice's own due date plans nothing while the plan is on track");
    assert.match(first[0]!.subject, /^Payment plan, installment 1 of 3: €300\.00 for invoice /);
    assert.match(first[0]!.text, /Amount due: €300\.00\n/);

    assert.equal((await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 30000, currency: 'EUR', paidAt: await today(), reference: 'installment 1' })).status, 201);
    await api().advanceDays(31); // installment 1's overdue reminder is skipped (paid); installment 2 is due in 2 days
    assert.deepEqual((await api().emailsFor(invoice.invoiceNumber)).map((email) => email.headers['X-Arflow-Stage']), ['installment-1-due-in-3-days', 'installment-2-due-in-3-days']);
    const midway = await api().getInvoice(invoice.invoiceNumber);
    assert.deepEqual((midway.body.invoice as unknown as { paymentPlan: PlanView }).paymentPlan.installments.map((i) => i.status), ['paid', 'unpaid', 'unpaid']);

    await api().advanceDays(8); // installment 2 unpaid 5 days (the policy's grace) after its due date: missed
    const emails = await api().emailsFor(invoice.invoiceNumber);
    const stages = emails.map((email) => email.headers['X-Arflow-Stage']);
    assert.deepEqual(stages, ['installment-1-due-in-3-days', 'installment-2-due-in-3-days', 'installment-2-overdue-1-day', 'payment-plan-broken', 'escalation']);
    const broken = emails.find((email) => email.headers['X-Arflow-Stage'] === 'payment-plan-broken')!;
    assert.match(broken.subject, /^Payment plan for invoice .* ended: €600\.00 is due now/);
    assert.equal(broken.time.slice(0, 10), addDays(installments[1]!.dueDate, 5));
    assert.deepEqual(emails.at(-1)!.to, ['finance@seller.example'], 'the whole balance escalates through the policy');

    const view = await api().getInvoice(invoice.invoiceNumber);
    const plan = (view.body.invoice as unknown as { paymentPlan: PlanView }).paymentPlan;
    assert.deepEqual([plan.status, plan.missedInstallment], ['broken', 2]);
    assert.deepEqual(view.body.timeline.filter((event) => event.type.startsWith('payment-plan.')).map((event) => event.type), ['payment-plan.agreed', 'payment-plan.broken']);
    const bus = (await (await fetch(`${api().baseUrl}/_local/events`)).json()) as { 'detail-type': string; detail: { invoiceNumber?: string } }[];
    assert.deepEqual(
      bus.filter((event) => event.detail.invoiceNumber === invoice.invoiceNumber && event['detail-type'].startsWith('payment_plan.')).map((event) => event['detail-type']),
      ['payment_plan.agreed', 'payment_plan.broken'],
    );
  });
});
