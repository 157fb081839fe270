import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDigest } from '../../shared/digest/index.js';
import { digestContent, weekStartOf } from '../../shared/digest/index.js';
import type { ReportSource } from '../../shared/reports/index.js';
import type { ReportInvoice } from '../../shared/reports/index.js';
import { InMemoryDigestSettingsRepository, runWeeklyDigests } from '../../shared/digest/index.js';
import { collectionSetup } from './fakes/collection-deps.js';

const inv = (invoiceNumber: string, customerId: string, overrides: Partial<ReportInvoice> = {}): ReportInvoice => ({
  invoiceNumber,
  customerId,
  currency: 'EUR',
  amount: 10000,
  issueDate: '2026-09-01',
  dueDate: '2026-10-01',
  payments: [],
  ...overrides,
});

const dispute = { disputeId: 'd1', invoiceNumber: 'X-1', customerId: 'C<1>', reason: '<script>alert(1)</script> & wrong', openedAt: '2026-11-02T10:00:00.000Z', balance: 2500, currency: 'EUR' };

describe('weekly digest content', () => {
  it('finds the Monday of the week', () => {
    assert.deepEqual(['2026-11-23', '2026-11-25', '2026-11-29', '2026-11-30', '2027-01-01'].map(weekStartOf), ['2026-11-23', '2026-11-23', '2026-11-23', '2026-11-30', '2026-12-28']);
  });

  it('lists the customers with the most past due per currency (at most topAccounts each), never adding currencies', () => {
    const invoices = [
      inv('A', 'BIG', { amount: 90000, dueDate: '2026-08-01' }), // 114 days past due
      inv('B', 'MID', { amount: 50000 }),
      inv('C', 'SMALL', { amount: 10000 }),
      inv('D', 'NOTDUE', { amount: 99999, dueDate: '2026-12-31' }),
      inv('E', 'BIG', { currency: 'USD', amount: 7000 }),
    ];
    const content = digestContent('t1', invoices, [], '2026-11-23', { topAccounts: 2, tiers: new Map([['BIG', 'high']]) });
    assert.deepEqual(
      content.topOverdue.map((row) => [row.customerId, row.currency, row.overdue, row.over60, row.tier]),
      [['BIG', 'EUR', 90000, 90000, 'high'], ['MID', 'EUR', 50000, 0, undefined], ['BIG', 'USD', 7000, 0, 'high']],
    );
  });

  it('shows the DSO of the last six calendar months, the current one up to asOf', () => {
    const content = digestContent('t1', [inv('A', 'C1')], [], '2026-11-23', { topAccounts: 10 });
    assert.deepEqual(content.dsoTrend.map((point) => [point.from, point.to]), [
      ['2026-06-01', '2026-06-30'], ['2026-07-01', '2026-07-31'], ['2026-08-01', '2026-08-31'], ['2026-09-01', '2026-09-30'], ['2026-10-01', '2026-10-31'], ['2026-11-01', '2026-11-23'],
    ]);
    // September: 100.00 sold, 100.00 owed at the end, 30 days → DSO 30.
    assert.deepEqual(content.dsoTrend[3]?.dso, [{ currency: 'EUR', dso: 30 }]);
  });

  it('escapes every upstream value in the HTML and keeps the same facts in the text', () => {
    const content = digestContent('t1', [inv('A&B', 'C<1>')], [dispute], '2026-11-23', { topAccounts: 10 });
    const email = renderDigest(content, ['finance@seller.example']);
    assert.deepEqual(email.to, ['finance@seller.example']);
    assert.match(email.html, /C&lt;1&gt;/);
    assert.match(email.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; wrong/);
    assert.doesNotMatch(email.html, /<script>|C<1>/);
    assert.match(email.text, /- X-1 \| C<1> \| €25\.00 \| 2026-11-02 \| <script>alert\(1\)<\/script> & wrong/);
    assert.match(email.subject, /1 overdue accounts, 0 escalations waiting, 1 open disputes/);
  });
});

describe('the weekly run', () => {
  it('sends each subscribed tenant its digest once a week, assessing its customers, and skips tenants without recipients', async () => {
    const { deps, mailer, customers } = collectionSetup('2026-11-25T07:00:00.000Z');
    const digests = new InMemoryDigestSettingsRepository();
    await digests.put({ tenantId: 't1', recipients: ['fin@one.example'], topAccounts: 10, updatedAt: '2026-11-01T00:00:00.000Z' });
    await digests.put({ tenantId: 't2', recipients: [], topAccounts: 10, updatedAt: '2026-11-01T00:00:00.000Z' });
    const reports: ReportSource = { invoices: async (tenantId) => (tenantId === 't1' ? [inv('A', 'C1')] : []) };
    const run = () => runWeeklyDigests({ ...deps, reports, digests });

    assert.deepEqual((await run()).map((outcome) => [outcome.tenantId, outcome.outcome]), [['t1', 'sent']]);
    assert.equal(mailer.sent.length, 1);
    assert.deepEqual(mailer.sent[0]?.to, ['fin@one.example']);
    assert.equal((await customers.get('t1', 'C1'))?.risk?.tier, 'low', 'the run stores the tier policies select by');
    assert.deepEqual((await run()).map((outcome) => outcome.outcome), ['already-sent']);
    assert.equal(mailer.sent.length, 1);
    assert.deepEqual((await runWeeklyDigests({ ...deps, reports, digests }, ['t2'])).map((outcome) => outcome.outcome), ['no-recipients']);
  });

  it('gives the week back when sending fails, so the retry sends it, and still serves the other tenants', async () => {
    const { deps } = collectionSetup('2026-11-25T07:00:00.000Z');
    const digests = new InMemoryDigestSettingsRepository();
    await digests.put({ tenantId: 'bad', recipients: ['x@bad.example'], topAccounts: 10, updatedAt: '2026-11-01T00:00:00.000Z' });
    await digests.put({ tenantId: 'good', recipients: ['y@good.example'], topAccounts: 10, updatedAt: '2026-11-01T00:00:00.000Z' });
    const sent: string[] = [];
    let failing = true;
    const mailer = {
      send: async (email: { to: string[] }) => {
        if (failing && email.to[0] === 'x@bad.example') throw new Error('SES rejected the address');
        sent.push(email.to[0]!);
        return { messageId: `m-${sent.length}` };
      },
    };
    const reports: ReportSource = { invoices: async () => [] };
    const first = await runWeeklyDigests({ ...deps, mailer, reports, digests });
    assert.deepEqual(first.map((outcome) => [outcome.tenantId, outcome.outcome]), [['bad', 'failed'], ['good', 'sent']]);
    failing = false;
    const retry = await runWeeklyDigests({ ...deps, mailer, reports, digests });
    assert.deepEqual(retry.map((outcome) => [outcome.tenantId, outcome.outcome]), [['bad', 'sent'], ['good', 'already-sent']]);
    assert.deepEqual(sent, ['y@good.example', 'x@bad.example']);
  });
});
