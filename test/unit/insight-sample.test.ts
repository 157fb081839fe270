import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agingReport } from '../../shared/reports/index.js';
import { cashForecast, expectedPayments } from '../../shared/reports/index.js';
import { historyReportInvoices, readHistoryFile } from '../../shared/imports/index.js';
import { daysLate, settledDate } from '../../shared/reports/index.js';
import { riskReport, riskTier } from '../../shared/reports/index.js';
import { sampleHistoryFile } from '../../local/sample-data.js';

/** Risk and forecast on the real sample: they must agree with the file and with the aging report. */
describe('risk and forecast on the IBM accounts-receivable sample', async () => {
  const invoices = historyReportInvoices(await readHistoryFile(sampleHistoryFile));
  const asOf = '2013-06-30';

  it('scores every customer with an invoice by asOf, each score the sum of its shown points, and the share paid late as the file says', () => {
    const report = riskReport(invoices, asOf);
    const issued = new Set(invoices.filter((invoice) => invoice.issueDate <= asOf).map((invoice) => invoice.customerId));
    assert.equal(report.customers.length, issued.size);
    for (const customer of report.customers) {
      assert.equal(customer.score, Math.round(customer.factors.reduce((sum, factor) => sum + factor.points, 0)), customer.customerId);
      assert.equal(customer.tier, riskTier(customer.score));
      // The file's own view: invoices of this customer settled in the 365 days up to asOf, late when settled after due.
      const settled = invoices.filter((invoice) => invoice.customerId === customer.customerId).flatMap((invoice) => {
        const date = settledDate(invoice, asOf);
        return date !== undefined && date > '2012-06-30' ? [daysLate(invoice, date)] : [];
      });
      const share = settled.length === 0 ? null : Math.round((settled.filter((late) => late > 0).length / settled.length) * 1000) / 10;
      assert.equal(customer.factors.find((factor) => factor.factor === 'sharePaidLate')?.value, share, customer.customerId);
    }
    assert.deepEqual(report.customers.map((customer) => customer.score), report.customers.map((customer) => customer.score).sort((a, b) => b - a), 'riskiest first');
  });

  it('forecasts exactly the open balance the aging report shows, every invoice from its customer\'s history', () => {
    const forecast = cashForecast(invoices, asOf);
    const forecastTotal = [...forecast.weeks.flatMap((week) => week.amounts), ...forecast.beyond].reduce((sum, amount) => sum + amount.amountMinor, 0);
    const agingTotal = agingReport(invoices, asOf).totals.reduce((sum, row) => sum + row.total, 0);
    assert.ok(agingTotal > 0);
    assert.equal(forecastTotal, agingTotal);
    const expected = expectedPayments(invoices, asOf);
    assert.ok(expected.every((payment) => payment.expectedDate > asOf));
    assert.ok(expected.filter((payment) => payment.basis === 'customer').length / expected.length > 0.9, 'the sample has history for nearly every customer');
  });
});
