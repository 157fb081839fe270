import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agingBucket, agingReport } from '../../shared/reports/index.js';
import { addMonths, countBackDso, kpiSeries, kpis, kpisByCustomer } from '../../shared/reports/index.js';
import { agingCsv, kpisCsv } from '../../shared/reports/index.js';
import { reportInvoiceOf } from '../../shared/reports/index.js';
import { balanceAsOf, settledDate, type ReportInvoice } from '../../shared/reports/index.js';
import { newInvoice } from '../../shared/invoicing/index.js';

/**
 * A hand-computed ledger. Figures in the comments are worked out on paper from these five invoices.
 *   A  C1 EUR 100.00 issued 01-01 due 01-31, paid in full 02-10 (10 days late, 40 days to settle)
 *   B  C1 EUR 200.00 issued 01-15 due 02-14, 50.00 paid 02-01, disputed 02-20, 150.00 still owed
 *   C  C2 EUR 300.00 issued 02-01 due 03-03, unpaid
 *   D  C2 USD  50.00 issued 2025-10-01 due 2025-10-31, unpaid
 *   E  C2 EUR  80.00 issued 01-05 due 02-04, paid in full on its due date (on time, 30 days to settle)
 */
const ledger: ReportInvoice[] = [
  { invoiceNumber: 'A', customerId: 'C1', currency: 'EUR', amount: 10000, issueDate: '2026-01-01', dueDate: '2026-01-31', payments: [{ date: '2026-02-10', amount: 10000 }] },
  { invoiceNumber: 'B', customerId: 'C1', currency: 'EUR', amount: 20000, issueDate: '2026-01-15', dueDate: '2026-02-14', payments: [{ date: '2026-02-01', amount: 5000 }], disputedAt: '2026-02-20' },
  { invoiceNumber: 'C', customerId: 'C2', currency: 'EUR', amount: 30000, issueDate: '2026-02-01', dueDate: '2026-03-03', payments: [] },
  { invoiceNumber: 'D', customerId: 'C2', currency: 'USD', amount: 5000, issueDate: '2025-10-01', dueDate: '2025-10-31', payments: [] },
  { invoiceNumber: 'E', customerId: 'C2', currency: 'EUR', amount: 8000, issueDate: '2026-01-05', dueDate: '2026-02-04', payments: [{ date: '2026-02-04', amount: 8000 }] },
];

describe('aging', () => {
  it('puts balances in buckets by days past due, with day 30, 60 and 90 closing their bucket', () => {
    assert.deepEqual([0, -5, 1, 30, 31, 60, 61, 90, 91].map(agingBucket), ['current', 'current', '1-30', '1-30', '31-60', '31-60', '61-90', '61-90', '90+']);
  });

  it('ages open balances per currency and per customer as of a date, leaving paid invoices out', () => {
    const report = agingReport(ledger, '2026-02-28');
    assert.deepEqual(report.totals, [
      // B: 150.00 owed, 14 days past due; C: 300.00 not yet due
      { currency: 'EUR', buckets: { current: 30000, '1-30': 15000, '31-60': 0, '61-90': 0, '90+': 0 }, counts: { current: 1, '1-30': 1, '31-60': 0, '61-90': 0, '90+': 0 }, total: 45000, invoices: 2 },
      // D: 120 days past due
      { currency: 'USD', buckets: { current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 5000 }, counts: { current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 1 }, total: 5000, invoices: 1 },
    ]);
    assert.deepEqual(
      report.customers.map((row) => [row.customerId, row.currency, row.total]),
      [['C1', 'EUR', 15000], ['C2', 'EUR', 30000], ['C2', 'USD', 5000]],
    );
  });

  it('sees the ledger as it was on an earlier date: before a payment and before an issue', () => {
    const report = agingReport(ledger, '2026-01-31');
    // A 100.00 (due today: current), B 200.00 and E 80.00 current; C not yet issued; D 92 days past due
    assert.deepEqual(report.totals.map((row) => [row.currency, row.buckets.current, row.buckets['90+'], row.invoices]), [['EUR', 38000, 0, 3], ['USD', 0, 5000, 1]]);
  });

  it('writes CSV with decimal amounts, one line per tenant currency and per customer currency', () => {
    const lines = agingCsv(agingReport(ledger, '2026-02-28')).trimEnd().split('\r\n');
    assert.equal(lines[0], 'asOf,scope,customerId,currency,bucket_current,bucket_1-30,bucket_31-60,bucket_61-90,bucket_90+,total,openInvoices');
    assert.equal(lines[1], '2026-02-28,tenant,,EUR,300.00,150.00,0.00,0.00,0.00,450.00,2');
    assert.equal(lines.length, 1 + 2 + 3);
  });
});

describe('KPIs', () => {
  const period = kpis(ledger, '2026-01-01', '2026-02-28');

  it('computes days late, share paid late and days to settle over the invoices settled in the period', () => {
    assert.equal(period.days, 59);
    assert.equal(period.invoicesSettled, 2); // A and E
    assert.equal(period.paidLate, 1);
    assert.equal(period.sharePaidLate, 50);
    assert.equal(period.averageDaysLate, 5); // (10 + 0) / 2
    assert.equal(period.maxDaysLate, 10);
    assert.equal(period.averageDaysToSettle, 35); // (40 + 30) / 2
  });

  it('computes the dispute rate over the invoices issued in the period', () => {
    assert.equal(period.invoicesIssued, 4); // A, B, C, E
    assert.equal(period.disputed, 1);
    assert.equal(period.disputeRate, 25);
    assert.equal(kpis(ledger, '2026-01-01', '2026-02-19').disputed, 0, 'not yet disputed then');
  });

  it('computes standard DSO, count-back DSO and CEI per currency', () => {
    const eur = period.currencies.find((row) => row.currency === 'EUR');
    assert.ok(eur);
    assert.equal(eur.creditSales, 68000);
    assert.equal(eur.collected, 23000);
    assert.equal(eur.receivablesStart, 0);
    assert.equal(eur.receivablesEnd, 45000);
    assert.equal(eur.receivablesEndCurrent, 30000);
    assert.ok(Math.abs((eur.dso ?? 0) - (45000 / 68000) * 59) < 1e-9); // 39.04 days
    // February's 300.00 of sales cover 28 days; the other 150.00 is 15/38 of January's 380.00: 12.24 of 31 days
    assert.ok(Math.abs((eur.countBackDso ?? 0) - (28 + (15000 / 38000) * 31)) < 1e-9);
    assert.ok(Math.abs((eur.cei ?? 0) - (23000 / 38000) * 100) < 1e-9); // 60.53 %

    const usd = period.currencies.find((row) => row.currency === 'USD');
    assert.ok(usd);
    assert.equal(usd.dso, null, 'no sales in the period');
    assert.equal(usd.cei, 0, 'nothing collected of what was collectible');
    assert.equal(usd.countBackDso, 28 + 31 + 31 + 30 + 31); // back to October 2025's sales
  });

  it('gives 0 count-back days for no receivables and null when receivables exceed all sales', () => {
    assert.equal(countBackDso(ledger, '2026-02-28', 0), 0);
    assert.equal(countBackDso(ledger.filter((invoice) => invoice.currency === 'USD'), '2026-02-28', 999999), null);
  });

  it('splits a range into calendar months or quarters, partial at the ends', () => {
    assert.deepEqual(kpiSeries(ledger, '2026-01-01', '2026-02-28').map((row) => [row.from, row.to, row.invoicesIssued, row.invoicesSettled]), [
      ['2026-01-01', '2026-01-31', 3, 0],
      ['2026-02-01', '2026-02-28', 1, 2],
    ]);
    assert.deepEqual(kpiSeries(ledger, '2026-01-15', '2026-04-10', 'quarter').map((row) => [row.from, row.to]), [
      ['2026-01-15', '2026-03-31'],
      ['2026-04-01', '2026-04-10'],
    ]);
  });

  it('computes the same figures per customer', () => {
    const rows = kpisByCustomer(ledger, '2026-01-01', '2026-02-28');
    assert.deepEqual(rows.map((row) => [row.customerId, row.invoicesSettled, row.averageDaysLate, row.disputeRate]), [
      ['C1', 1, 10, 50],
      ['C2', 1, 0, 0],
    ]);
  });

  it('writes KPIs as CSV with figures rounded to two decimals', () => {
    const lines = kpisCsv([period]).trimEnd().split('\r\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[1], '2026-01-01,2026-02-28,,4,2,50,5,35,25,EUR,680.00,230.00,450.00,39.04,40.24,60.53,0,0,0,', 'no promises: counts 0, kept rate empty');
  });

  it('refuses a period that ends before it starts', () => {
    assert.throws(() => kpis(ledger, '2026-02-01', '2026-01-01'), RangeError);
  });
});

describe('report inputs', () => {
  it('settles an invoice on the date its payments reach the amount', () => {
    const split: ReportInvoice = { ...ledger[1]!, payments: [{ date: '2026-03-05', amount: 15000 }, { date: '2026-02-01', amount: 5000 }] };
    assert.equal(settledDate(split), '2026-03-05');
    assert.equal(settledDate(split, '2026-03-04'), undefined);
    assert.equal(balanceAsOf(split, '2026-02-01'), 15000);
  });

  it('moves months with the day clamped to the month end', () => {
    assert.equal(addMonths('2026-03-31', -1, 0), '2026-02-28');
    assert.equal(addMonths('2026-01-15', -1, 1), '2025-12-16');
  });

  it('reads a stored invoice and its timeline: payments by paidAt, the first dispute, a write-off', () => {
    const invoice = newInvoice(
      't1',
      { invoiceNumber: 'X', customer: { id: 'C9', name: 'N', email: 'a@b.example' }, issueDate: '2026-01-01', dueDate: '2026-01-31', currency: 'EUR', amount: 10000 },
      new Date('2026-01-01T00:00:00Z'),
    );
    const report = reportInvoiceOf(invoice, [
      { type: 'invoice.created', at: '2026-01-01T00:00:00.000Z' },
      { type: 'payment.received', at: '2026-02-03T10:00:00.000Z', detail: { amount: 4000, paidAt: '2026-02-01' } },
      { type: 'invoice.written-off', at: '2026-04-01T09:00:00.000Z' },
    ]);
    assert.deepEqual(report.payments, [{ date: '2026-02-01', amount: 4000 }]);
    assert.equal(report.closedAt, '2026-04-01');
    assert.equal(balanceAsOf(report, '2026-03-31'), 6000);
    assert.equal(balanceAsOf(report, '2026-04-01'), 0);
  });
});
