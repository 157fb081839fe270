import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readHistoryFile, type HistoryRow } from '../../shared/imports/index.js';
import { replayHistory, summaryTable, type PolicyOutcome, type SimulatedPolicy } from '../../local/simulator.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import type { LocalStore } from '../../local/memory-store.js';
import { sampleHistoryFile } from '../../local/sample-data.js';

const policyFile = (name: string) => fileURLToPath(new URL(`../../docs/policies/${name}.json`, import.meta.url));
/** A customer with 15 invoices, several due days apart (one notice per customer per day, consolidated notices) and 7 disputed. */
const busyCustomer = '2621-XCLEH';

/**
 * The policy simulator: part of the real sample (its first rows, and every invoice of one busy customer)
 * replayed under two policies, once on DynamoDB Local and once on the memory store.
 */
describe('policy simulator on the embedded stack', () => {
  let rows: HistoryRow[] = [];
  const outcomes: Partial<Record<LocalStore, PolicyOutcome[]>> = {};
  let stack: LocalStack | undefined;

  before(async () => {
    const all = await readHistoryFile(sampleHistoryFile);
    rows = all.filter((row, index) => index < 8 || row.invoice.customer.id === busyCustomer);
    const policies: SimulatedPolicy[] = await Promise.all(['gentle', 'firm'].map(async (label) => ({ label, policy: JSON.parse(await readFile(policyFile(label), 'utf8')) as unknown })));
    const first = rows.reduce((min, row) => (row.invoice.issueDate < min ? row.invoice.issueDate : min), '9999-12-31');
    // One stack per process (the handlers read the emulators' endpoints from the environment): one after the other.
    for (const store of ['dynamodb', 'memory'] as const) {
      stack = await startLocalStack({ port: 0, clock: 'virtual', clockStart: new Date(`${first}T00:00:00.000Z`), logLevel: 'SILENT', store });
      outcomes[store] = await replayHistory(stack, rows, policies);
      await stack.stop();
      stack = undefined;
    }
  });
  after(async () => {
    await stack?.stop();
  });

  it('ingests every invoice on its issue date and posts every payment on its settled date, unless the policy closed the invoice first', () => {
    assert.equal(rows.length, 8 + 15);
    for (const outcome of outcomes.dynamodb ?? []) {
      assert.equal(outcome.invoices, rows.length);
      assert.equal(outcome.invoicesRejected, 0);
      assert.equal(outcome.workflowFailures, 0);
      let closedBeforePayment = 0;
      for (const [index, invoice] of outcome.timelines.entries()) {
        const row = rows[index]!;
        assert.equal(invoice.timeline.find((event) => event.type === 'invoice.created')?.at.slice(0, 10), row.invoice.issueDate);
        const payment = invoice.timeline.find((event) => event.type === 'payment.received');
        const closed = invoice.timeline.find((event) => event.type === 'invoice.written-off' || event.type === 'invoice.sent-to-agency');
        if (closed && row.payment && closed.at.slice(0, 10) <= row.payment.paidAt) {
          // The history's payment came after this policy's final action: the API refuses it, as it would in production.
          assert.equal(payment, undefined, `${outcome.label} ${invoice.invoiceNumber}`);
          closedBeforePayment++;
          continue;
        }
        assert.equal(payment?.detail?.['paidAt'], row.payment?.paidAt, `${outcome.label} ${invoice.invoiceNumber} paid on its settled date`);
      }
      assert.equal(outcome.paymentsRejected, closedBeforePayment, outcome.label);
    }
    assert.equal(outcomes.dynamodb?.[0]?.paymentsRejected, 0, 'the gentle policy closes nothing early');
  });

  it('opens a dispute on its issue date for every row the file marks disputed, and sends those invoices nothing', () => {
    const disputed = rows.filter((row) => row.disputed);
    assert.ok(disputed.length >= 7, 'the busy customer has 7 disputed invoices');
    for (const outcome of outcomes.dynamodb ?? []) {
      assert.equal(outcome.disputesOpened, disputed.length, outcome.label);
      assert.equal(outcome.disputesRefused, 0, outcome.label);
      assert.equal(outcome.noticesToDisputed, 0, outcome.label);
      for (const invoice of outcome.timelines) {
        const row = rows.find((each) => each.invoice.invoiceNumber === invoice.invoiceNumber)!;
        const opened = invoice.timeline.find((event) => event.type === 'invoice.disputed');
        assert.equal(opened?.at.slice(0, 10), row.disputed ? row.invoice.issueDate : undefined, `${outcome.label} ${invoice.invoiceNumber}`);
      }
    }
  });

  it('sends no notice after an invoice was paid, and counts notices by stage per policy', () => {
    const [gentle, firm] = outcomes.dynamodb ?? [];
    for (const outcome of [gentle, firm]) {
      assert.ok(outcome);
      for (const invoice of outcome.timelines) {
        const paidAt = invoice.timeline.find((event) => event.type === 'payment.received')?.at ?? '9999';
        for (const notice of invoice.notices.filter((each) => each.status === 'sent')) assert.ok(notice.at < paidAt, `${outcome.label} ${invoice.invoiceNumber} ${notice.stage}`);
      }
      assert.equal(Object.values(outcome.noticesByStage).reduce((a, b) => a + b, 0), outcome.noticesSent);
    }
    assert.ok((gentle?.noticesSent ?? 0) > 0, 'the gentle policy reminds someone');
    assert.equal(gentle?.noticesByStage['due-soon'], firm?.noticesByStage['due-soon'], 'the same first reminder under both');
    assert.ok((firm?.noticesSent ?? 0) > (gentle?.noticesSent ?? 0), 'the firm policy sends more');
  });

  it('gives the same results on the memory store as on DynamoDB Local: counts, and every notice and timeline event with its time', () => {
    const comparable = (outcome: PolicyOutcome) => ({
      ...outcome,
      timelines: outcome.timelines.map((invoice) => ({
        ...invoice,
        notices: invoice.notices.map(({ stage, status, at }) => ({ stage, status, at })).sort((a, b) => a.stage.localeCompare(b.stage)),
        // Message ids, link ids and signatures are random per run; the events and their times are not.
        timeline: invoice.timeline.map(({ type, at }) => ({ type, at })),
      })),
    });
    const [dynamodb, memory] = [outcomes.dynamodb, outcomes.memory].map((each) => (each ?? []).map(comparable));
    assert.equal(dynamodb?.length, 2);
    assert.deepEqual(memory, dynamodb);
  });

  it('prints both policies side by side', () => {
    const table = summaryTable(outcomes.dynamodb ?? []);
    assert.match(table.split('\n')[0] ?? '', /gentle\s+firm$/);
    assert.match(table, /^notices sent\s+\d+\s+\d+$/m);
    assert.match(table, /^escalations \(approvals needed\)\s+\d+\s+\d+$/m);
  });
});
