import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agingReport } from '../../shared/reports/index.js';
import { historyReportInvoices, readHistoryFile } from '../../shared/imports/index.js';
import { kpis } from '../../shared/reports/index.js';
import { round } from '../../shared/reports/index.js';
import { sampleHistoryFile } from '../../local/sample-data.js';

/** The mandated check: on the real sample, the reports agree with what the file itself says (data/README.md). */
describe('reports on the IBM accounts-receivable sample', async () => {
  const rows = await readHistoryFile(sampleHistoryFile);
  const invoices = historyReportInvoices(rows);
  const firstIssue = invoices.reduce((min, invoice) => (invoice.issueDate < min ? invoice.issueDate : min), '9999-12-31');
  const lastSettlement = invoices.flatMap((invoice) => invoice.payments).reduce((max, payment) => (payment.date > max ? payment.date : max), '');

  it('reads every row with the ibm-ar-sample profiles: 2,466 invoices of 100 customers, 147,703.18 USD', () => {
    assert.equal(rows.length, 2466);
    assert.equal(new Set(invoices.map((invoice) => invoice.customerId)).size, 100);
    assert.equal(invoices.reduce((sum, invoice) => sum + invoice.amount, 0), 14770318);
    assert.equal(firstIssue, '2012-01-03');
    assert.equal(lastSettlement, '2014-01-09');
  });

  it('agrees with the file: 35.6 % paid late, 3.44 mean days late, 26.44 mean days to settle, 22.7 % disputed', () => {
    const figures = kpis(invoices, firstIssue, lastSettlement);
    assert.equal(figures.invoicesSettled, 2466);
    assert.equal(round(figures.sharePaidLate ?? NaN, 1), 35.6);
    assert.equal(round(figures.averageDaysLate ?? NaN, 2), 3.44);
    assert.equal(round(figures.averageDaysToSettle ?? NaN, 2), 26.44);
    assert.equal(round(figures.disputeRate ?? NaN, 1), 22.7);
    assert.equal(figures.maxDaysLate, 45);
  });

  it('agrees with the DaysLate and DaysToSettle columns on every row', async () => {
    const { createReadStream } = await import('node:fs');
    const { readRecords } = await import('../../shared/imports/index.js');
    let index = 0;
    for await (const event of readRecords(createReadStream(sampleHistoryFile), { format: 'csv', delimiter: ',', position: { offset: 0, line: 1 } })) {
      if (event.type !== 'row') continue;
      const invoice = invoices[index++]!;
      const one = kpis([invoice], invoice.issueDate, invoice.payments[0]!.date);
      assert.equal(one.averageDaysLate, Number(event.record['DaysLate']), `line ${event.line}`);
      assert.equal(one.averageDaysToSettle, Number(event.record['DaysToSettle']), `line ${event.line}`);
    }
    assert.equal(index, 2466);
  });

  it('leaves nothing owed after the last settlement: aging is empty, CEI 100 %', () => {
    assert.deepEqual(agingReport(invoices, lastSettlement).totals, []);
    assert.equal(kpis(invoices, firstIssue, lastSettlement).currencies[0]?.cei, 100);
  });
});
