import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/kernel/index.js';
import { keys } from '../../shared/kernel/index.js';
import { ImportBucket } from './support/imports.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

const header = 'invoiceNumber,customerId,customerName,customerEmail,issueDate,dueDate,currency,amount';
const row = (number: string, overrides: Partial<Record<'customerEmail' | 'issueDate' | 'dueDate' | 'currency' | 'amount', string>> = {}) => {
  const values = { customerEmail: 'ap@acme.example', issueDate: '2026-11-01', dueDate: '2026-12-31', currency: 'EUR', amount: '1250.00', ...overrides };
  return `${number},C-1,Acme GmbH,${values.customerEmail},${values.issueDate},${values.dueDate},${values.currency},${values.amount}`;
};

/** Integration: files dropped into s3rver, imported by the import function on the embedded stack. */
describe('bulk import by file drop', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const bucket = () => new ImportBucket(stack());

  it('imports the good rows of a file and reports every bad one with its line and reason; a re-drop imports nothing', async () => {
    const taken = anInvoice({ invoiceNumber: 'BAD-TAKEN', amount: 100 });
    assert.equal((await api().postInvoice(taken)).status, 201);
    const file = [
      header,
      row('BAD-OK-1'), // line 2
      row('BAD-DATE', { issueDate: '2026-02-30' }), // 3: no such day
      row('BAD-CENTS', { amount: '12.345' }), // 4: more decimals than EUR has
      row('BAD-MAIL', { customerEmail: 'not-an-address' }), // 5
      row('BAD-CUR', { currency: 'EUX' }), // 6
      'BAD-SHORT,C-1,Acme GmbH', // 7: fields missing
      row('BAD-OK-1'), // 8: the same row again: unchanged
      row('BAD-OK-1', { amount: '99.00' }), // 9: same number, other content
      row('BAD-TAKEN'), // 10: stored through the API with other content
      row(''), // 11: no invoice number
      row('BAD-OK-2', { amount: '1234.50' }), // 12
      row('BAD-OK-3'), // 13
    ];
    const csv = `${file.join('\n')}\n`;
    await bucket().drop('incoming/demo/invoices/bad-rows.csv', csv);

    const report = await bucket().report('reports/demo/invoices/bad-rows.csv.json');
    assert.equal(report.status, 'completed', JSON.stringify(report.error));
    assert.deepEqual(report.counts, { read: 12, imported: 3, unchanged: 1, rejected: 8 });
    assert.equal(report.rejectsKey, 'rejected/demo/invoices/bad-rows.csv.errors.csv');
    const rejects = (await bucket().text(report.rejectsKey))!.trimEnd().split('\n');
    assert.equal(rejects[0], 'line,reason,row');
    const byLine = new Map(rejects.slice(1).map((line) => [Number(line.split(',')[0]), line]));
    assert.deepEqual([...byLine.keys()], [3, 4, 5, 6, 7, 9, 10, 11]);
    assert.match(byLine.get(3)!, /issueDate/);
    assert.match(byLine.get(4)!, /amount/);
    assert.match(byLine.get(5)!, /customerEmail|email/);
    assert.match(byLine.get(6)!, /currency/);
    assert.match(byLine.get(7)!, /field\(s\)/);
    assert.match(byLine.get(9)!, /line 2 of this file/);
    assert.match(byLine.get(10)!, /already exists with different content/);
    assert.match(byLine.get(11)!, /invoiceNumber/);
    assert.ok(byLine.get(3)!.endsWith(`"${file[2]}"`) || byLine.get(3)!.includes(file[2]!), 'the row as it was sent');

    for (const number of ['BAD-OK-1', 'BAD-OK-2', 'BAD-OK-3']) assert.equal((await api().getInvoice(number)).status, 200, number);
    assert.equal((await api().getInvoice('BAD-OK-2')).body.invoice.amount, 123450);
    assert.equal((await api().getInvoice('BAD-TAKEN')).body.invoice.amount, 100, 'the stored invoice is untouched');
    await stack().workflowsStarted(); // workflows start from the table's stream, after the import
    const started = stack().stateMachine.list().filter((execution) => execution.name.includes('BAD-OK'));
    assert.equal(started.length, 3, 'each imported invoice has its workflow');

    // The same content again under another name: recognised, nothing imported twice.
    await bucket().drop('incoming/demo/invoices/bad-rows-again.csv', csv);
    const again = await bucket().report('reports/demo/invoices/bad-rows-again.csv.json');
    assert.equal(again.status, 'duplicate');
    assert.deepEqual(again.counts, { read: 0, imported: 0, unchanged: 0, rejected: 0 });
  });

  it('counts rows it meets again as unchanged, and stores an imported invoice exactly as the API does', async () => {
    const posted = anInvoice({ invoiceNumber: 'SAME-API', customer: { id: 'C-1', name: 'Acme GmbH', email: 'ap@acme.example' }, amount: 5000, paymentLinkUrl: undefined });
    assert.equal((await api().postInvoice(posted)).status, 201);
    // Another file (other bytes) with one number the API stored and one new: the stored one is unchanged.
    const csv = `${header}\n${row('SAME-API', { amount: '50.00', dueDate: '2026-12-01' })}\n${row('SAME-NEW')}\n`;
    await bucket().drop('incoming/demo/invoices/overlap.csv', csv);
    const report = await bucket().report('reports/demo/invoices/overlap.csv.json');
    assert.deepEqual(report.counts, { read: 2, imported: 1, unchanged: 1, rejected: 0 }, report.rejectsKey && (await bucket().text(report.rejectsKey)));

    const db = createDocumentClient();
    const item = async (number: string) => (await db.send(new GetCommand({ TableName: 'arflow-local', Key: keys.invoice('demo', number) }))).Item!;
    assert.deepEqual(Object.keys(await item('SAME-NEW')).sort(), Object.keys(await item('SAME-API')).sort(), 'the same attributes (keys, indexes) as an invoice from the API');
    await stack().workflowsStarted();
    const timeline = (await api().getInvoice('SAME-NEW')).body.timeline.map((event) => event.type);
    assert.deepEqual(timeline.slice(0, 2), ['invoice.created', 'workflow.started']);
  });

  it('reports a truncated file and a binary file as failed with the reason, once, instead of retrying them', async () => {
    const truncated = `${header}\n${row('CUT-1')}\n${row('CUT-2')}\nCUT-3,C-1,"Acme GmbH, Berl`;
    await bucket().drop('incoming/demo/invoices/truncated.csv', truncated);
    const cut = await bucket().report('reports/demo/invoices/truncated.csv.json');
    assert.equal(cut.status, 'failed');
    assert.equal(cut.error?.code, 'truncated');
    assert.equal(cut.error?.line, 4);
    assert.match(cut.error!.message, /truncated/);
    assert.equal(cut.counts.imported, 2, 'the rows before the break are imported');
    assert.equal(cut.timings.invocations, 1);

    await bucket().drop('incoming/demo/invoices/export.csv', gzipSync(Buffer.from(`${header}\n${row('ZIP-1')}\n`)));
    const binary = await bucket().report('reports/demo/invoices/export.csv.json');
    assert.equal(binary.status, 'failed');
    assert.equal(binary.error?.code, 'not_text');
    assert.match(binary.error!.message, /not UTF-8 text/);
    assert.equal(binary.counts.read, 0);
    assert.equal(binary.timings.invocations, 1, 'a bad file is reported, not retried');
  });

  it('applies a payments file: a full payment closes the invoice, a partial one lowers the balance, a repeat is unchanged', async () => {
    for (const [number, amount] of [['PAY-FULL', 10000], ['PAY-PART', 20000]] as const) assert.equal((await api().postInvoice(anInvoice({ invoiceNumber: number, amount }))).status, 201);
    const csv = [
      'invoiceNumber,amount,currency,paidAt,reference',
      'PAY-FULL,100.00,EUR,2026-11-19,bank 1',
      'PAY-PART,50.00,EUR,2026-11-19,bank 2',
      'PAY-PART,50.00,EUR,2026-11-19,bank 2',
      'PAY-NONE,10.00,EUR,2026-11-19,bank 3',
    ].join('\n');
    await bucket().drop('incoming/demo/payments/bank-2026-11-19.csv', `${csv}\n`);
    const report = await bucket().report('reports/demo/payments/bank-2026-11-19.csv.json');
    assert.equal(report.status, 'completed', JSON.stringify(report.error));
    assert.equal(report.counts.imported, 2);
    assert.equal(report.counts.rejected, 1);
    assert.equal(report.counts.imported + report.counts.unchanged + report.counts.rejected, 4);
    assert.match((await bucket().text(report.rejectsKey!))!, /^5,.*PAY-NONE/m);
    assert.equal((await api().getInvoice('PAY-FULL')).body.invoice.status, 'paid');
    assert.equal((await api().getInvoice('PAY-PART')).body.invoice.balance, 15000);
  });

  it('stores, reads and lists import profiles, and answers 422 with the field path for a bad one', async () => {
    const profile = { kind: 'invoices', columns: { invoiceNumber: 'Inv No', customerId: 'Cust', issueDate: 'Date', amount: 'Total' }, dateFormat: 'DD.MM.YYYY', decimalSeparator: ',', thousandsSeparator: '.', defaults: { currency: 'EUR', termsDays: 30, customerName: 'Kunde {customerId}', customerEmail: 'ar+{customerId}@example.invalid' } };
    const created = await api().request('PUT', '/import-profiles/erp-de', profile);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await api().request('PUT', '/import-profiles/erp-de', { ...profile, delimiter: ';' })).status, 200);
    const read = await api().request<{ profile: { delimiter: string; name: string }; source: string }>('GET', '/import-profiles/erp-de');
    assert.equal(read.status, 200);
    assert.equal(read.body.profile.delimiter, ';');
    assert.equal(read.body.source, 'tenant');
    const list = await api().request<{ profiles: { name: string; source: string }[] }>('GET', '/import-profiles');
    assert.ok(list.body.profiles.some((entry) => entry.name === 'erp-de' && entry.source === 'tenant'));
    assert.ok(list.body.profiles.some((entry) => entry.name === 'ibm-ar-sample' && entry.source === 'built-in'));
    assert.equal((await api().request('GET', '/import-profiles/nope')).status, 404);

    const bad = await api().request<{ error: { code: string; issues: { path: string }[] } }>('PUT', '/import-profiles/erp-x', { kind: 'invoices', columns: { invoiceNumber: 'No' }, dateFormat: 'YY', amounts: 'cents' });
    assert.equal(bad.status, 422);
    const paths = bad.body.error.issues.map((issue) => issue.path);
    for (const path of ['dateFormat', 'amounts']) assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
    const unmapped = await api().request<{ error: { issues: { path: string }[] } }>('PUT', '/import-profiles/erp-x', { kind: 'invoices', columns: { invoiceNumber: 'No', dueDate: 'Due' } });
    assert.equal(unmapped.status, 422);
    assert.deepEqual(unmapped.body.error.issues.map((issue) => issue.path).sort(), ['columns.amount', 'columns.customerId', 'columns.issueDate']);

    // The stored profile reads a file in its layout.
    await bucket().drop('incoming/demo/invoices/erp-de/export.csv', 'Inv No;Cust;Date;Total\nDE-1;K-7;03.11.2026;1.234,56\n');
    const report = await bucket().report('reports/demo/invoices/erp-de/export.csv.json');
    assert.deepEqual(report.counts, { read: 1, imported: 1, unchanged: 0, rejected: 0 }, report.rejectsKey && (await bucket().text(report.rejectsKey)));
    const view = (await api().getInvoice('DE-1')).body.invoice;
    assert.equal(view.amount, 123456);
    assert.equal(view.dueDate, '2026-12-03');
  });
});
