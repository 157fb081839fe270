import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiKeyStore } from '../../functions/_shared/deps.js';
import { addDays, dateInZone, readEnvironment } from '../../shared/kernel/index.js';
import { ImportBucket } from './support/imports.js';
import { useLocalStack } from './support/local-stack.js';

const HEADER = 'invoiceNumber,customerId,customerName,customerEmail,customerTimezone,issueDate,dueDate,currency,amount,balance,sourceVersion';

/** Integration: open-item snapshots dropped into the bucket of the embedded stack, on a virtual clock. */
describe('open-item snapshots on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const number = (index: number) => `OI-${process.pid}-${index}`;

  it('creates, settles partly upstream, closes what vanished, holds a mass close until confirmed, and sends nothing after a close', async () => {
    const bucket = new ImportBucket(stack());
    const today = dateInZone(await api().now(), 'UTC');
    const due = addDays(today, 10);
    const row = (index: number, balance = '100.00') => `${number(index)},OI-C-${index},Open Items GmbH,ap${index}@open-items.example,UTC,${today},${due},EUR,100.00,${balance},1`;
    const all = Array.from({ length: 10 }, (_, index) => index + 1);
    const drop = async (file: string, rows: string[]) => {
      await api().reportsCurrent();
      await bucket.drop(`incoming/demo/open-items/${file}`, `${[HEADER, ...rows].join('\n')}\n`);
      return bucket.report(`reports/demo/open-items/${file}.json`);
    };
    const status = async (index: number) => (await api().getInvoice(number(index))).body.invoice;

    const first = await drop(`day1-${process.pid}.csv`, all.map((index) => row(index, index === 10 ? '60.00' : '100.00')));
    assert.equal(first.status, 'completed', JSON.stringify(first.error));
    assert.deepEqual([first.counts.imported, first.counts.settledUpstream, first.openItems?.state], [10, 1, 'applied']);
    assert.equal((await status(10)).balance, 6000);

    const second = await drop(`day2-${process.pid}.csv`, all.slice(1).map((index) => row(index, index === 10 ? '60.00' : '100.00')));
    assert.deepEqual([second.counts.closedMissing, second.counts.unchanged], [1, 9]);
    assert.deepEqual([(await status(1)).status, (await status(1)).balance], ['settled-upstream', 0]);
    assert.notEqual((await status(1)).workflow.status, 'running', 'its workflow ended');

    // 3 of the 9 open invoices vanish at once (33 % > 20 %): nothing closes until confirmed.
    const third = await drop(`day3-${process.pid}.csv`, all.slice(4).map((index) => row(index, index === 10 ? '60.00' : '100.00')));
    assert.equal(third.openItems?.state, 'awaiting_confirmation');
    assert.deepEqual(third.openItems?.awaiting, [2, 3, 4].map(number));
    assert.equal((await status(2)).status, 'open');

    await apiKeyStore(readEnvironment()).put('arf_open-items-other-tenant-key', 'tenant-oi', 'open-items isolation');
    const foreign = await api().withKey('arf_open-items-other-tenant-key').request('POST', `/imports/${third.jobId}/confirm`, {});
    assert.equal(foreign.status, 404, JSON.stringify(foreign.body));
    const confirmed = await api().request('POST', `/imports/${third.jobId}/confirm`, {});
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.deepEqual(confirmed.body, { outcome: 'confirmed', jobId: third.jobId, closed: 3, held: 3 });
    assert.deepEqual((await api().request('POST', `/imports/${third.jobId}/confirm`, {})).body['outcome'], 'unchanged');
    assert.equal((await status(3)).status, 'settled-upstream');

    // The same snapshot dropped again under another name changes nothing.
    const again = await drop(`day3-again-${process.pid}.csv`, all.slice(4).map((index) => row(index, index === 10 ? '60.00' : '100.00')));
    assert.equal(again.status, 'duplicate');

    await api().advanceDays(25); // past every reminder of the first stages
    for (const index of [1, 2, 3, 4]) assert.deepEqual((await api().emailsFor(number(index))).map((email) => email.headers['X-Arflow-Stage']), [], `nothing sent for ${number(index)} after it was closed`);
    const open = await api().emailsFor(number(5));
    assert.ok(open.length > 0, 'the invoices still open are reminded');
    const partly = await api().emailsFor(number(10));
    assert.ok(partly.every((email) => email.text.includes('60.00') || email.text.includes('60,00')), 'notices show the balance after the upstream settlement');
  });
});
