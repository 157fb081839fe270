import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readHistoryFile, type HistoryRow } from '../../shared/reports/history-file.js';
import { replayHistory, summaryTable, type PolicyOutcome } from '../../local/simulator.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';

const sampleFile = fileURLToPath(new URL('../../../shared/data/ar-invoices-sample.csv', import.meta.url));
const policyFile = (name: string) => fileURLToPath(new URL(`../../docs/policies/${name}.json`, import.meta.url));

/** The policy simulator: the first rows of the real sample replayed under two policies on one embedded stack. */
describe('policy simulator on the embedded stack', () => {
  let stack: LocalStack | undefined;
  let rows: HistoryRow[] = [];
  let outcomes: PolicyOutcome[] = [];

  before(async () => {
    rows = await readHistoryFile(sampleFile, { limit: 8 });
    const first = rows.reduce((min, row) => (row.invoice.issueDate < min ? row.invoice.issueDate : min), '9999-12-31');
    stack = await startLocalStack({ port: 0, clock: 'virtual', clockStart: new Date(`${first}T00:00:00.000Z`), logLevel: 'SILENT' });
    const policies = await Promise.all(['gentle', 'firm'].map(async (label) => ({ label, policy: JSON.parse(await readFile(policyFile(label), 'utf8')) as unknown })));
    outcomes = await replayHistory(stack, rows, policies);
  });
  after(async () => {
    await stack?.stop();
  });

  it('ingests every invoice on its issue date and posts every payment on its settled date, for each policy', () => {
    for (const outcome of outcomes) {
      assert.equal(outcome.invoices, 8);
      assert.equal(outcome.invoicesRejected, 0);
      assert.equal(outcome.paymentsRejected, 0);
      assert.equal(outcome.workflowFailures, 0);
      for (const [index, invoice] of outcome.timelines.entries()) {
        const row = rows[index]!;
        assert.equal(invoice.timeline.find((event) => event.type === 'invoice.created')?.at.slice(0, 10), row.invoice.issueDate);
        const payment = invoice.timeline.find((event) => event.type === 'payment.received');
        assert.equal(payment?.detail?.['paidAt'], row.payment?.paidAt, `${invoice.invoiceNumber} paid on its settled date`);
      }
    }
  });

  it('sends no notice after an invoice was paid, and counts notices by stage per policy', () => {
    for (const outcome of outcomes) {
      for (const invoice of outcome.timelines) {
        const paidAt = invoice.timeline.find((event) => event.type === 'payment.received')?.at ?? '9999';
        for (const notice of invoice.notices.filter((each) => each.status === 'sent')) assert.ok(notice.at < paidAt, `${outcome.label} ${invoice.invoiceNumber} ${notice.stage}`);
      }
      assert.equal(Object.values(outcome.noticesByStage).reduce((a, b) => a + b, 0), outcome.noticesSent);
    }
    const [gentle, firm] = outcomes;
    assert.equal(gentle?.noticesByStage['due-soon'], firm?.noticesByStage['due-soon'], 'the same first reminder under both');
    assert.ok((firm?.noticesSent ?? 0) >= (gentle?.noticesSent ?? 0), 'the firm policy sends at least as many');
  });

  it('prints both policies side by side', () => {
    const table = summaryTable(outcomes);
    assert.match(table.split('\n')[0] ?? '', /gentle\s+firm$/);
    assert.match(table, /^notices sent\s+\d+\s+\d+$/m);
    assert.match(table, /^escalations \(approvals needed\)\s+\d+\s+\d+$/m);
  });
});
