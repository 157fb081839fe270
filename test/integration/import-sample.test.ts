import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ImportBucket } from './support/imports.js';
import { useLocalStack } from './support/local-stack.js';
import { sampleHistoryFile } from '../../local/sample-data.js';

/** Integration: the real sample file dropped into s3rver, imported by the import function on the embedded stack. */
describe('bulk import of the IBM accounts-receivable sample', () => {
  // Before the sample's first invoice date: each workflow plans its first reminder and waits. (Later,
  // every one of the 2,466 would at once send the reminder for being years overdue, which is what the
  // lifecycle tests cover, and makes this test minutes slower.)
  const { api, stack } = useLocalStack('2011-12-01T00:00:00.000Z');

  it('imports all 2,466 invoices with their leading zeros, and a re-drop imports nothing', async () => {
    const bucket = new ImportBucket(stack());
    const sample = readFileSync(sampleHistoryFile);
    const started = Date.now();
    await bucket.drop('incoming/demo/invoices/ibm-ar-sample/ar-invoices-sample.csv', sample);
    const firstMs = Date.now() - started;

    const report = await bucket.report('reports/demo/invoices/ibm-ar-sample/ar-invoices-sample.csv.json');
    assert.equal(report.status, 'completed', JSON.stringify(report.error));
    assert.deepEqual(report.counts, { read: 2466, imported: 2466, unchanged: 0, rejected: 0 });
    assert.equal(report.bytesRead, sample.length);
    assert.equal(await bucket.text('rejected/demo/invoices/ibm-ar-sample/ar-invoices-sample.csv.errors.csv'), undefined);

    const view = await api().getInvoice('0000611365');
    assert.equal(view.status, 200);
    assert.equal(view.body.invoice.amount, 5594);
    assert.equal(view.body.invoice.dueDate, '2013-02-01');
    const stored = view.body.invoice as unknown as { currency: string; customer: { id: string; name: string; email: string }; issueDate: string; metadata: Record<string, string> };
    assert.equal(stored.currency, 'USD');
    assert.equal(stored.issueDate, '2013-01-02');
    assert.deepEqual(stored.customer, { id: '0379-NEVHP', name: 'Customer 0379-NEVHP', email: 'ar+0379-nevhp@example.invalid' });
    assert.deepEqual(stored.metadata, { countryCode: '391', PaperlessBill: 'Paper' });
    await stack().workflowsStarted(); // workflows start from the table's stream, after the import
    const workflows = stack().stateMachine.list().filter((execution) => execution.name.includes('0000611365'));
    assert.equal(workflows.length, 1, 'the imported invoice has its workflow');

    await bucket.drop('incoming/demo/invoices/ibm-ar-sample/ar-invoices-sample.csv', sample);
    const again = await bucket.report('reports/demo/invoices/ibm-ar-sample/ar-invoices-sample.csv.json');
    assert.equal(again.status, 'duplicate');
    assert.deepEqual(again.counts, { read: 0, imported: 0, unchanged: 0, rejected: 0 });
    assert.deepEqual(again.duplicateOf?.counts, report.counts);

    await bucket.drop('incoming/demo/invoices/ibm-ar-sample/copy-of-sample.csv', sample);
    const copy = await bucket.report('reports/demo/invoices/ibm-ar-sample/copy-of-sample.csv.json');
    assert.equal(copy.status, 'duplicate', 'the same content under another name is recognised');
    assert.equal(copy.duplicateOf?.key, 'incoming/demo/invoices/ibm-ar-sample/ar-invoices-sample.csv');
    process.stdout.write(`# sample import: 2,466 rows in ${firstMs} ms (workflow starts included)\n`);
  });
});
