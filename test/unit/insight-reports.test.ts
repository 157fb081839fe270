import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { agingReport } from '../../shared/reports/index.js';
import { newInvoice } from '../../shared/invoicing/index.js';
import { pendingEscalations } from '../../shared/reports/index.js';
import { cashForecast, expectedPayments, median } from '../../shared/reports/index.js';
import { reportInvoiceOf } from '../../shared/reports/index.js';
import { kpiSeries, kpis } from '../../shared/reports/index.js';
import { promiseCounts, promiseOutcome } from '../../shared/reports/index.js';
import { forecastCsv, riskCsv } from '../../shared/reports/index.js';
import { dateOfDay, dayNumber, type ReportInvoice } from '../../shared/reports/index.js';
import { customerRisk, riskReport, riskTier } from '../../shared/reports/index.js';

const inv = (overrides: Partial<ReportInvoice> & Pick<ReportInvoice, 'invoiceNumber'>): ReportInvoice => ({
  customerId: 'C1',
  currency: 'EUR',
  amount: 10000,
  issueDate: '2026-01-01',
  dueDate: '2026-01-31',
  payments: [],
  ...overrides,
});

const factor = (risk: ReturnType<typeof customerRisk>, name: string) => risk.factors.find((entry) => entry.factor === name)!;

describe('risk score', () => {
  it('maps scores to tiers at 25 and 50', () => {
    assert.deepEqual([0, 24, 25, 49, 50, 100].map(riskTier), ['low', 'low', 'medium', 'medium', 'high', 'high']);
  });

  it('gives a customer with no history and nothing open 0 points, saying why for each factor', () => {
    const risk = customerRisk('C1', [], '2026-06-30');
    assert.equal(risk.score, 0);
    assert.equal(risk.tier, 'low');
    assert.deepEqual(risk.factors.map((entry) => [entry.factor, entry.points]), [['sharePaidLate', 0], ['averageDaysLate', 0], ['overdueShare', 0], ['disputes', 0], ['brokenPromises', 0], ['trend', 0]]);
    assert.ok(risk.factors.every((entry) => entry.explanation.length > 10));
  });

  it('counts the share paid late and weights days late toward recent payments (half weight after 90 days)', () => {
    const invoices = [
      // settled 2026-06-30 (asOf): 20 days late, weight 1
      inv({ invoiceNumber: 'A', dueDate: '2026-06-10', payments: [{ date: '2026-06-30', amount: 10000 }] }),
      // settled 90 days before asOf on its due date: 0 days late, weight 0.5
      inv({ invoiceNumber: 'B', dueDate: '2026-04-01', payments: [{ date: '2026-04-01', amount: 10000 }] }),
    ];
    const risk = customerRisk('C1', invoices, '2026-06-30');
    assert.deepEqual([factor(risk, 'sharePaidLate').value, factor(risk, 'sharePaidLate').points], [50, 12.5]);
    // (1 × 20 + 0.5 × 0) / 1.5 = 13.33 days → 13.33 × 25 / 30 = 11.1 points
    assert.deepEqual([factor(risk, 'averageDaysLate').value, factor(risk, 'averageDaysLate').points], [13.3, 11.1]);
    // B falls just before the last 90 days: 20 days later now than before, 10 trend points. 12.5 + 11.1 + 10 = 33.6
    assert.deepEqual([factor(risk, 'trend').value, factor(risk, 'trend').points], [20, 10]);
    assert.deepEqual([risk.score, risk.tier], [34, 'medium']);
  });

  it('leaves settlements older than 365 days out', () => {
    const old = inv({ invoiceNumber: 'A', dueDate: '2025-01-01', payments: [{ date: '2025-03-01', amount: 10000 }] });
    assert.equal(factor(customerRisk('C1', [old], '2026-06-30'), 'sharePaidLate').value, null);
  });

  it('takes the overdue share of the open balance from the worst currency, never adding currencies', () => {
    const invoices = [
      inv({ invoiceNumber: 'A', currency: 'EUR', amount: 30000, dueDate: '2026-06-01' }), // overdue
      inv({ invoiceNumber: 'B', currency: 'EUR', amount: 10000, dueDate: '2026-07-31' }), // not yet due
      inv({ invoiceNumber: 'C', currency: 'USD', amount: 99999, dueDate: '2026-07-31' }),
    ];
    const risk = customerRisk('C1', invoices, '2026-06-30');
    assert.deepEqual([factor(risk, 'overdueShare').value, factor(risk, 'overdueShare').points], [75, 15]);
    assert.match(factor(risk, 'overdueShare').explanation, /EUR/);
    assert.deepEqual(risk.openBalance, [{ currency: 'EUR', amountMinor: 40000 }, { currency: 'USD', amountMinor: 99999 }]);
  });

  it('scores disputes (10 points at half disputed) and broken promises (5 each, at most 10)', () => {
    const invoices = [
      inv({ invoiceNumber: 'A', issueDate: '2026-03-01', dueDate: '2026-03-31', disputedAt: '2026-03-05', payments: [{ date: '2026-04-01', amount: 10000 }] }),
      inv({ invoiceNumber: 'B', issueDate: '2026-03-01', dueDate: '2026-03-31', payments: [{ date: '2026-03-31', amount: 10000 }] }),
      inv({ invoiceNumber: 'C', issueDate: '2026-03-01', dueDate: '2026-03-31', payments: [{ date: '2026-03-31', amount: 10000 }] }),
      inv({ invoiceNumber: 'D', issueDate: '2026-03-01', dueDate: '2026-03-31', payments: [{ date: '2026-03-31', amount: 10000 }] }),
      // promised 04-10 and 05-10, never paid: both broken; promised 07-15: pending
      inv({ invoiceNumber: 'E', issueDate: '2026-03-01', dueDate: '2026-03-31', promises: [{ madeAt: '2026-04-02', date: '2026-04-10' }, { madeAt: '2026-05-01', date: '2026-05-10' }, { madeAt: '2026-06-29', date: '2026-07-15' }] }),
    ];
    const risk = customerRisk('C1', invoices, '2026-06-30');
    assert.deepEqual([factor(risk, 'disputes').value, factor(risk, 'disputes').points], [20, 4]);
    assert.deepEqual([factor(risk, 'brokenPromises').value, factor(risk, 'brokenPromises').points], [2, 10]);
  });

  it('adds trend points when the last 90 days are later than the 275 days before, none when better', () => {
    const worse = [
      inv({ invoiceNumber: 'A', dueDate: '2026-01-01', payments: [{ date: '2026-01-03', amount: 10000 }] }), // 2 late, earlier window
      inv({ invoiceNumber: 'B', dueDate: '2026-06-01', payments: [{ date: '2026-06-23', amount: 10000 }] }), // 22 late, recent
    ];
    assert.deepEqual([factor(customerRisk('C1', worse, '2026-06-30'), 'trend').value, factor(customerRisk('C1', worse, '2026-06-30'), 'trend').points], [20, 10]);
    const better = [
      inv({ invoiceNumber: 'A', dueDate: '2026-01-01', payments: [{ date: '2026-01-21', amount: 10000 }] }),
      inv({ invoiceNumber: 'B', dueDate: '2026-06-01', payments: [{ date: '2026-06-01', amount: 10000 }] }),
    ];
    assert.deepEqual([factor(customerRisk('C1', better, '2026-06-30'), 'trend').value, factor(customerRisk('C1', better, '2026-06-30'), 'trend').points], [-20, 0]);
  });

  it('flags a balance over the credit limit only in the limit\'s currency', () => {
    const invoices = [inv({ invoiceNumber: 'A', amount: 50000, dueDate: '2026-07-31' }), inv({ invoiceNumber: 'B', currency: 'USD', amount: 900000, dueDate: '2026-07-31' })];
    assert.equal(customerRisk('C1', invoices, '2026-06-30', { currency: 'EUR', amountMinor: 50000 }).overCreditLimit, false, 'at the limit is not over it');
    assert.equal(customerRisk('C1', invoices, '2026-06-30', { currency: 'EUR', amountMinor: 49999 }).overCreditLimit, true);
  });

  it('sorts customers riskiest first and leaves out customers with nothing issued by asOf', () => {
    const invoices = [
      inv({ invoiceNumber: 'A', customerId: 'SAFE', dueDate: '2026-07-31' }),
      inv({ invoiceNumber: 'B', customerId: 'RISKY', dueDate: '2026-05-01' }),
      inv({ invoiceNumber: 'C', customerId: 'LATER', issueDate: '2026-07-01', dueDate: '2026-07-31' }),
    ];
    const report = riskReport(invoices, '2026-06-30', new Map([['RISKY', { currency: 'EUR', amountMinor: 100 }]]));
    assert.deepEqual(report.customers.map((customer) => [customer.customerId, customer.score, customer.overCreditLimit]), [['RISKY', 20, true], ['SAFE', 0, false]]);
    const lines = riskCsv(report).trimEnd().split('\r\n');
    assert.equal(lines[1], '2026-06-30,RISKY,20,low,,0,,0,100,20,0,0,0,0,,0,EUR,100.00,EUR,1.00,true');
  });
});

describe('cash forecast', () => {
  it('takes the lower middle as the median so expected days stay whole', () => {
    assert.deepEqual([median([]), median([5]), median([9, 1, 4]), median([1, 2, 3, 10])], [undefined, 5, 4, 2]);
  });

  it('expects payment at the due date plus the customer\'s median days late, else the tenant\'s, else the due date', () => {
    const settled = (customerId: string, n: string, late: number) => inv({ invoiceNumber: n, customerId, dueDate: '2026-03-01', payments: [{ date: `2026-03-${String(1 + late).padStart(2, '0')}`, amount: 10000 }] });
    const history = [settled('HIST', 'H1', 10), settled('HIST', 'H2', 20), settled('HIST', 'H3', 12), settled('TWO', 'T1', 0), settled('TWO', 'T2', 0)];
    const open = [
      inv({ invoiceNumber: 'O1', customerId: 'HIST', dueDate: '2026-07-10' }),
      inv({ invoiceNumber: 'O2', customerId: 'TWO', dueDate: '2026-07-10' }), // 2 settlements: not enough, the tenant's median (10)
      inv({ invoiceNumber: 'O3', customerId: 'NEW', dueDate: '2026-05-01' }), // expected 05-11, already past: the first day
    ];
    const expected = expectedPayments([...history, ...open], '2026-06-30');
    assert.deepEqual(
      expected.map((entry) => [entry.invoiceNumber, entry.expectedDate, entry.basis]),
      [['O1', '2026-07-22', 'customer'], ['O2', '2026-07-20', 'tenant'], ['O3', '2026-07-01', 'tenant']],
    );
    assert.deepEqual(expectedPayments([inv({ invoiceNumber: 'X', dueDate: '2026-07-10' })], '2026-06-30').map((entry) => [entry.expectedDate, entry.basis]), [['2026-07-10', 'due-date']]);
  });

  it('sums open balances into 13 weeks from the day after asOf per currency, and the rest beyond', () => {
    const invoices = [
      inv({ invoiceNumber: 'A', dueDate: '2026-07-01', amount: 10000, payments: [{ date: '2026-06-01', amount: 4000 }] }), // 60.00 open, week 1
      inv({ invoiceNumber: 'B', dueDate: '2026-07-07', amount: 5000 }), // week 1 (07-01..07-07)
      inv({ invoiceNumber: 'C', dueDate: '2026-07-08', currency: 'USD', amount: 7000 }), // week 2
      inv({ invoiceNumber: 'D', dueDate: '2026-09-29', amount: 1000 }), // week 13 (09-23..09-29)
      inv({ invoiceNumber: 'E', dueDate: '2026-09-30', amount: 2000 }), // beyond
      inv({ invoiceNumber: 'F', dueDate: '2026-07-01', amount: 3000, payments: [{ date: '2026-06-15', amount: 3000 }] }), // paid: left out
    ];
    const forecast = cashForecast(invoices, '2026-06-30');
    assert.equal(forecast.weeks.length, 13);
    assert.deepEqual(forecast.weeks[0], { weekStart: '2026-07-01', weekEnd: '2026-07-07', amounts: [{ currency: 'EUR', amountMinor: 11000, invoices: 2 }] });
    assert.deepEqual(forecast.weeks[1]?.amounts, [{ currency: 'USD', amountMinor: 7000, invoices: 1 }]);
    assert.deepEqual(forecast.weeks[12], { weekStart: '2026-09-23', weekEnd: '2026-09-29', amounts: [{ currency: 'EUR', amountMinor: 1000, invoices: 1 }] });
    assert.deepEqual(forecast.beyond, [{ currency: 'EUR', amountMinor: 2000, invoices: 1 }]);
    const lines = forecastCsv(forecast).trimEnd().split('\r\n');
    assert.deepEqual([lines[0], lines[1], lines.at(-1)], ['asOf,bucket,weekStart,weekEnd,currency,expected,invoices', '2026-06-30,week 1,2026-07-01,2026-07-07,EUR,110.00,2', '2026-06-30,beyond,,,EUR,20.00,1']);
  });
});

describe('promises to pay', () => {
  const promised = inv({ invoiceNumber: 'P', dueDate: '2026-03-01', promises: [{ madeAt: '2026-03-05', date: '2026-03-10' }], payments: [{ date: '2026-03-10', amount: 10000 }] });
  const lateAfterPromise = inv({ invoiceNumber: 'Q', dueDate: '2026-03-01', promises: [{ madeAt: '2026-03-05', date: '2026-03-10' }], payments: [{ date: '2026-03-11', amount: 10000 }] });
  const partly = inv({ invoiceNumber: 'R', dueDate: '2026-03-01', promises: [{ madeAt: '2026-02-25', date: '2026-04-02' }], payments: [{ date: '2026-04-01', amount: 9999 }] });

  it('keeps a promise settled by the end of its date; pays late or in part and it is broken; before its date it is pending', () => {
    assert.equal(promiseOutcome(promised, promised.promises![0]!, '2026-12-31'), 'kept');
    assert.equal(promiseOutcome(lateAfterPromise, lateAfterPromise.promises![0]!, '2026-12-31'), 'broken');
    assert.equal(promiseOutcome(lateAfterPromise, lateAfterPromise.promises![0]!, '2026-03-09'), 'pending');
    assert.equal(promiseOutcome(partly, partly.promises![0]!, '2026-12-31'), 'broken');
  });

  it('counts promises made in a period, and those due in it kept or broken, in the KPIs of each month', () => {
    assert.deepEqual(promiseCounts([promised, lateAfterPromise, partly], '2026-03-01', '2026-03-31'), { promisesMade: 2, promisesDue: 2, promisesKept: 1, promisesBroken: 1, promiseKeptRate: 50 });
    const [february, march, april] = kpiSeries([promised, lateAfterPromise, partly], '2026-02-01', '2026-04-30');
    assert.deepEqual([february?.promisesMade, february?.promisesDue], [1, 0]);
    assert.deepEqual([march?.promisesMade, march?.promisesDue, march?.promisesKept, march?.promiseKeptRate], [2, 2, 1, 50]);
    assert.deepEqual([april?.promisesDue, april?.promisesKept, april?.promiseKeptRate], [1, 0, 0]);
    assert.equal(kpis([], '2026-01-01', '2026-01-31').promiseKeptRate, null);
  });
});

describe('pending escalations and the timeline', () => {
  it('reads promises and a pending escalation (with its approvers) from a stored invoice and its timeline', () => {
    const stored = newInvoice('t1', { invoiceNumber: 'E-1', customer: { id: 'C9', name: 'C', email: 'c@c.example' }, issueDate: '2026-01-01', dueDate: '2026-01-31', currency: 'EUR', amount: 5000 }, new Date('2026-01-01T00:00:00Z'));
    const invoice = { ...stored, balance: 3000, escalation: { id: 'esc-1', status: 'pending' as const, requestedAt: '2026-02-25T09:00:00.000Z', expiresAt: '2026-03-02T09:00:00.000Z' } };
    const timeline = [
      { type: 'promise.made', at: '2026-02-10T10:00:00.000Z', detail: { date: '2026-02-20' } },
      { type: 'escalation.requested', at: '2026-02-25T09:00:00.000Z', detail: { escalationId: 'esc-1', approvers: ['fin@seller.example'] } },
    ];
    const report = reportInvoiceOf(invoice, timeline);
    assert.deepEqual(report.promises, [{ madeAt: '2026-02-10', date: '2026-02-20' }]);
    assert.deepEqual(pendingEscalations([report]), [
      { invoiceNumber: 'E-1', customerId: 'C9', currency: 'EUR', balanceMinor: 3000, escalatedAt: '2026-02-25T09:00:00.000Z', expiresAt: '2026-03-02T09:00:00.000Z', approvers: ['fin@seller.example'] },
    ]);
    assert.equal(reportInvoiceOf({ ...invoice, status: 'paid' }, timeline).pendingEscalation, undefined, 'a paid invoice waits for nobody');
    assert.equal(reportInvoiceOf({ ...invoice, escalation: { ...invoice.escalation, status: 'approved' } }, timeline).pendingEscalation, undefined);
  });
});

describe('properties over random ledgers', () => {
  const day = fc.integer({ min: 0, max: 700 }).map((n) => dateOfDay(dayNumber('2025-01-01') + n));
  const invoice = fc
    .record({
      customerId: fc.constantFrom('C1', 'C2', 'C3'),
      currency: fc.constantFrom('EUR', 'USD'),
      amount: fc.integer({ min: 1, max: 1_000_000 }),
      issueDate: day,
      terms: fc.integer({ min: 0, max: 60 }),
      paidAfter: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
      partial: fc.boolean(),
      disputed: fc.boolean(),
    })
    .map((r): ReportInvoice => {
      const dueDate = dateOfDay(dayNumber(r.issueDate) + r.terms);
      const paid = r.paidAfter === undefined ? [] : [{ date: dateOfDay(dayNumber(r.issueDate) + r.paidAfter), amount: r.partial ? Math.ceil(r.amount / 2) : r.amount }];
      return { invoiceNumber: 'P', customerId: r.customerId, currency: r.currency, amount: r.amount, issueDate: r.issueDate, dueDate, payments: paid, ...(r.disputed ? { disputedAt: r.issueDate } : {}) };
    });
  const ledger = fc.array(invoice, { maxLength: 40 }).map((invoices) => invoices.map((entry, index) => ({ ...entry, invoiceNumber: `P-${index}` })));

  it('forecasts per currency exactly the open balance the aging report shows', () => {
    fc.assert(
      fc.property(ledger, day, (invoices, asOf) => {
        const forecast = cashForecast(invoices, asOf);
        const byCurrency = new Map<string, number>();
        for (const amount of [...forecast.weeks.flatMap((week) => week.amounts), ...forecast.beyond]) byCurrency.set(amount.currency, (byCurrency.get(amount.currency) ?? 0) + amount.amountMinor);
        const aging = new Map(agingReport(invoices, asOf).totals.map((row) => [row.currency, row.total]));
        assert.deepEqual(byCurrency, aging);
      }),
    );
  });

  it('keeps every score between 0 and 100, the rounded sum of its points, with the tier of its score', () => {
    fc.assert(
      fc.property(ledger, day, (invoices, asOf) => {
        for (const customer of riskReport(invoices, asOf).customers) {
          assert.ok(customer.score >= 0 && customer.score <= 100);
          assert.equal(customer.score, Math.min(100, Math.round(customer.factors.reduce((sum, factor) => sum + factor.points, 0))));
          assert.equal(customer.tier, riskTier(customer.score));
        }
      }),
    );
  });
});
