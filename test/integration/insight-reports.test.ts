import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anInvoice, useLocalStack } from './support/local-stack.js';

interface RiskBody {
  asOf: string;
  customers: {
    customerId: string;
    score: number;
    tier: string;
    factors: { factor: string; value: number | null; points: number; explanation: string }[];
    openBalance: { currency: string; amountMinor: number }[];
    creditLimit?: { currency: string; amountMinor: number };
    overCreditLimit: boolean;
  }[];
}

interface ForecastBody {
  asOf: string;
  weeks: { weekStart: string; weekEnd: string; amounts: { currency: string; amountMinor: number; invoices: number }[] }[];
  beyond: { currency: string; amountMinor: number; invoices: number }[];
}

/** Risk scores, the cash forecast and pending escalations over stored history, through the HTTP API of the embedded stack. */
describe('risk, forecast and escalations on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const customer = (id: string) => ({ id, name: `Customer ${id}`, email: `ap@${id.toLowerCase()}.example`, timezone: 'UTC' });
  // RK-LATE pays about 40 days late and owes an overdue invoice; RK-ONTIME pays on its due date.
  const late = ['06', '07', '08'].map((month) => anInvoice({ customer: customer('RK-LATE'), issueDate: `2026-${month}-01`, dueDate: `2026-${month}-15`, amount: 100000 }));
  const lateOpen = anInvoice({ customer: customer('RK-LATE'), issueDate: '2026-10-01', dueDate: '2026-10-15', amount: 300000 });
  const onTime = ['06', '07', '08'].map((month) => anInvoice({ customer: customer('RK-ONTIME'), issueDate: `2026-${month}-01`, dueDate: `2026-${month}-20`, amount: 50000 }));
  const onTimeOpen = anInvoice({ customer: customer('RK-ONTIME'), issueDate: '2026-11-01', dueDate: '2026-12-01', amount: 70000 });

  async function seed() {
    for (const invoice of [...late, lateOpen, ...onTime, onTimeOpen]) assert.equal((await api().postInvoice(invoice)).status, 201);
    for (const [index, invoice] of late.entries()) {
      const paidAt = ['2026-07-25', '2026-08-24', '2026-09-24'][index];
      assert.equal((await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 100000, currency: 'EUR', paidAt })).status, 201);
    }
    for (const invoice of onTime) {
      assert.equal((await api().postPayment({ invoiceNumber: invoice.invoiceNumber, amount: 50000, currency: 'EUR', paidAt: invoice['dueDate'] })).status, 201);
    }
  }

  it('scores each customer from its own history, riskiest first, with every factor shown, and flags a balance over its credit limit', async () => {
    await seed();
    const limit = await api().request('PUT', '/customers/RK-LATE', { creditLimit: { currency: 'EUR', amount: 200000 } });
    assert.equal(limit.status, 200, JSON.stringify(limit.body));

    const response = await api().request<RiskBody>('GET', '/reports/risk?asOf=2026-11-20');
    assert.equal(response.status, 200);
    const [first, second] = response.body.customers;
    assert.equal(response.body.asOf, '2026-11-20');
    assert.equal(first?.customerId, 'RK-LATE');
    assert.equal(first?.tier, 'high');
    assert.deepEqual(first?.factors.map((factor) => factor.factor), ['sharePaidLate', 'averageDaysLate', 'overdueShare', 'disputes', 'brokenPromises', 'trend']);
    const points = Object.fromEntries(first!.factors.map((factor) => [factor.factor, factor.points]));
    assert.deepEqual([points['sharePaidLate'], points['averageDaysLate'], points['overdueShare']], [25, 25, 20], '3 of 3 late, 40 days on average, all of the open balance overdue');
    assert.equal(first?.score, 70);
    assert.deepEqual(first?.openBalance, [{ currency: 'EUR', amountMinor: 300000 }]);
    assert.deepEqual(first?.creditLimit, { currency: 'EUR', amountMinor: 200000 });
    assert.equal(first?.overCreditLimit, true);

    assert.equal(second?.customerId, 'RK-ONTIME');
    assert.equal(second?.tier, 'low');
    assert.equal(second?.score, 0);
    assert.equal(second?.overCreditLimit, false);
    assert.equal(second?.creditLimit, undefined);

    const csv = await fetch(`${stack().apiUrl}/reports/risk?asOf=2026-11-20&format=csv`, { headers: { authorization: `Bearer ${stack().apiKey}` } });
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    assert.ok(lines[0]?.startsWith('asOf,customerId,score,tier,sharePaidLate_value,sharePaidLate_points'));
    assert.ok(lines[1]?.startsWith('2026-11-20,RK-LATE,70,high,'));
    assert.ok(lines[1]?.endsWith(',EUR,3000.00,EUR,2000.00,true'));
  });

  it('forecasts each open invoice at its due date plus its customer\'s median days late, in 13 weekly buckets', async () => {
    const response = await api().request<ForecastBody>('GET', '/reports/forecast?asOf=2026-11-20');
    assert.equal(response.status, 200);
    const { weeks, beyond } = response.body;
    assert.equal(weeks.length, 13);
    assert.deepEqual([weeks[0]?.weekStart, weeks[0]?.weekEnd, weeks[12]?.weekEnd], ['2026-11-21', '2026-11-27', '2027-02-19']);
    // RK-LATE: due 10-15 + median 40 days = 11-24 (week 1). RK-ONTIME: due 12-01 + 0 (week 2).
    assert.deepEqual(weeks[0]?.amounts, [{ currency: 'EUR', amountMinor: 300000, invoices: 1 }]);
    assert.deepEqual(weeks[1]?.amounts, [{ currency: 'EUR', amountMinor: 70000, invoices: 1 }]);
    assert.deepEqual(weeks.slice(2).flatMap((week) => week.amounts), []);
    assert.deepEqual(beyond, []);

    const bad = await api().request<{ error: { issues: { path: string }[] } }>('GET', '/reports/forecast?asOf=2026-02-30');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.issues[0]?.path, 'asOf');
  });

  it('lists escalations waiting for a decision with their approvers and balance, and drops them once decided', async () => {
    const policy = {
      stages: [{ id: 'overdue-1-day', offsetDays: 1 }],
      escalation: { afterDaysOverdue: 2, approvers: { accountOwner: false, emails: ['finance@seller.example'] }, approvalTimeoutDays: 5, onTimeout: 'pause' },
      grace: { days: 10, finalAction: 'write-off' },
    };
    assert.equal((await api().request('PUT', '/policies/escalating', policy)).status, 201);
    const invoice = anInvoice({ customer: customer('RK-ESC'), issueDate: '2026-11-01', dueDate: '2026-11-21', currency: 'GBP', amount: 90000, policy: 'escalating' });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    assert.deepEqual((await api().request<{ escalations: unknown[] }>('GET', '/escalations')).body.escalations, []);

    await api().advanceTo('2026-11-24T12:00:00.000Z');
    const listed = await api().request<{ escalations: { invoiceNumber: string; customerId: string; currency: string; balanceMinor: number; escalatedAt: string; expiresAt: string; approvers: string[] }[] }>('GET', '/escalations');
    assert.equal(listed.status, 200);
    assert.equal(listed.body.escalations.length, 1, JSON.stringify(listed.body));
    const [pending] = listed.body.escalations;
    assert.deepEqual(
      { invoiceNumber: pending?.invoiceNumber, customerId: pending?.customerId, currency: pending?.currency, balanceMinor: pending?.balanceMinor, approvers: pending?.approvers },
      { invoiceNumber: invoice.invoiceNumber, customerId: 'RK-ESC', currency: 'GBP', balanceMinor: 90000, approvers: ['finance@seller.example'] },
    );
    assert.ok(pending!.escalatedAt < pending!.expiresAt);

    // Nobody decides: the approval times out (onTimeout pause) and the escalation is no longer waiting.
    await api().advanceTo('2026-12-01T12:00:00.000Z');
    assert.deepEqual((await api().request<{ escalations: unknown[] }>('GET', '/escalations')).body.escalations, []);
  });

  it('publishes customer.credit_limit_exceeded once when a high-risk customer\'s new invoice passes its credit limit', async () => {
    // RK-LATE (high risk, 3,000.00 owed) got its 2,000.00 limit after its invoices: the next invoice raises the alert.
    const events = async () =>
      ((await (await fetch(`${stack().apiUrl}/_local/events`)).json()) as { 'detail-type': string; detail: { customerId?: string; openBalance?: number } }[]).filter(
        (event) => event['detail-type'] === 'customer.credit_limit_exceeded',
      );
    assert.deepEqual(await events(), []);
    assert.equal((await api().postInvoice(anInvoice({ customer: customer('RK-LATE'), issueDate: '2026-11-25', dueDate: '2026-12-25', amount: 10000 }))).status, 201);
    assert.equal((await api().postInvoice(anInvoice({ customer: customer('RK-LATE'), issueDate: '2026-11-26', dueDate: '2026-12-26', amount: 10000 }))).status, 201);
    const raised = await events();
    assert.equal(raised.length, 1, JSON.stringify(raised));
    assert.deepEqual([raised[0]?.detail.customerId, raised[0]?.detail.openBalance], ['RK-LATE', 310000]);
    const profile = await api().request<{ customer: { risk?: { tier: string }; creditLimitExceeded?: { balance: number } } }>('GET', '/customers/RK-LATE');
    assert.equal(profile.body.customer.risk?.tier, 'high');
    assert.equal(profile.body.customer.creditLimitExceeded?.balance, 310000);
  });
});
