import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { ImportBucket } from './support/imports.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

interface CreditNoteView {
  creditNoteNumber: string;
  unappliedAmount: number;
  allocatedAmount: number;
  allocations: { invoiceNumber: string; amount: number }[];
  source: Record<string, unknown>;
}

/** Integration: credit notes as documents through the HTTP API on the embedded stack, with a virtual clock. */
describe('credit notes on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const today = async () => dateInZone(await api().now(), 'UTC');
  let customers = 0;
  const customer = () => ({ id: `CN-C-${process.pid}-${++customers}`, name: 'Credit GmbH', email: `ap${customers}@credit.example`, timezone: 'UTC' });

  it('sends nothing more for an invoice credited in full, shows the lowered balance on the next notice of a partly credited one, and keeps the rest as unapplied credit', async () => {
    const who = customer();
    const full = anInvoice({ dueDate: addDays(await today(), 10), customer: who });
    const partly = anInvoice({ dueDate: addDays(await today(), 10), customer: who });
    assert.equal((await api().postInvoice(full)).status, 201);
    assert.equal((await api().postInvoice(partly)).status, 201);

    await api().advanceDays(8); // the due-in-3-days reminder of both
    assert.deepEqual((await api().emailsFor(full.invoiceNumber)).map((email) => email.headers['X-Arflow-Stage']), ['due-in-3-days']);
    assert.deepEqual((await api().emailsFor(partly.invoiceNumber)).map((email) => email.headers['X-Arflow-Stage']), ['due-in-3-days']);

    const number = `CN-${process.pid}-1`;
    const body = {
      creditNoteNumber: number,
      customer: { id: who.id },
      currency: 'EUR',
      amount: 200000,
      issueDate: await today(),
      allocations: [{ invoiceNumber: full.invoiceNumber }, { invoiceNumber: partly.invoiceNumber, amount: 25000 }],
      reason: 'returned goods',
    };
    const created = await api().request<{ outcome: string; creditNote: CreditNoteView; invoices: { invoiceNumber: string; status: string; balance: number }[] }>('POST', '/credit-notes', body);
    assert.equal(created.status, 201);
    assert.equal(created.body.outcome, 'created');
    assert.deepEqual(created.body.creditNote.allocations.map((allocation) => [allocation.invoiceNumber, allocation.amount]), [[full.invoiceNumber, 125000], [partly.invoiceNumber, 25000]]);
    assert.equal(created.body.creditNote.unappliedAmount, 50000);
    assert.deepEqual(created.body.creditNote.source, { via: 'api', apiKey: 'local demo key' });
    const again = await api().request('POST', '/credit-notes', body);
    assert.equal(again.status, 200);
    assert.equal(again.body['outcome'], 'duplicate');
    assert.equal((await api().request('POST', '/credit-notes', { ...body, reason: 'other' })).status, 409);

    const read = await api().request<{ creditNote: CreditNoteView }>('GET', `/credit-notes/${number}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.creditNote.allocatedAmount, 150000);
    assert.equal((await api().request('GET', `/credit-notes/CN-${process.pid}-none`)).status, 404);

    const unapplied = await api().request<{ creditNotes: { kind: string; creditNoteNumber: string; unappliedAmount: number }[]; totals: Record<string, { credit: number }> }>('GET', '/payments/unapplied');
    assert.deepEqual(
      unapplied.body.creditNotes.filter((note) => note.creditNoteNumber === number).map((note) => [note.kind, note.unappliedAmount]),
      [['credit-note', 50000]],
    );
    assert.ok((unapplied.body.totals['EUR']?.credit ?? 0) >= 50000);

    const fullView = await api().getInvoice(full.invoiceNumber);
    assert.equal(fullView.body.invoice.status, 'credited');
    const applied = fullView.body.timeline.find((event) => event.type === 'credit-note.applied');
    assert.equal(applied?.detail?.['creditNoteNumber'], number);
    assert.deepEqual(applied?.detail?.['source'], { via: 'api', apiKey: 'local demo key' });

    await api().advanceDays(30);
    assert.equal((await api().emailsFor(full.invoiceNumber)).length, 1, 'nothing sent after the credit note cleared the invoice');
    const later = await api().emailsFor(partly.invoiceNumber);
    assert.ok(later.length > 1, 'the partly credited invoice is still collected');
    for (const email of later.slice(1)) assert.match(email.text, /Amount due: €1,000\.00 \(of €1,250\.00/);

    const aging = await api().request<{ totals: { currency: string; total: number }[]; customers: { customerId: string; total: number }[] }>('GET', '/reports/aging');
    assert.equal(aging.status, 200);
    assert.equal(aging.body.customers.find((row) => row.customerId === who.id)?.total, 100000, 'aging shows only what the partly credited invoice still owes');
  });

  // A credit-notes file dropped into s3rver, imported with the built-in profile: the same semantics as the API.
  it('imports the good rows (CSV and JSON Lines), rejects the bad ones with their line and field, and a re-drop changes nothing', async () => {
    const bucket = new ImportBucket(stack());
    const who = { id: `FCN-C-${process.pid}`, name: 'File Credit', email: 'ap@file-credit.example', timezone: 'UTC' };
    const one = anInvoice({ invoiceNumber: `FCN-${process.pid}-1`, customer: who });
    const two = anInvoice({ invoiceNumber: `FCN-${process.pid}-2`, customer: who });
    const other = anInvoice({ invoiceNumber: `FCN-${process.pid}-3` });
    for (const invoice of [one, two, other]) assert.equal((await api().postInvoice(invoice)).status, 201);
    const n = (suffix: string) => `FCN-CN-${process.pid}-${suffix}`;
    const csv = [
      'creditNoteNumber,customerId,currency,amount,issueDate,invoiceNumber,allocationAmount,reason',
      `${n('a')},${who.id},EUR,250.00,2026-11-20,${one.invoiceNumber},,price correction`, // 2: 250.00 off invoice one
      `${n('b')},${who.id},EUR,1500.00,2026-11-20,${two.invoiceNumber},,returned`, // 3: clears invoice two (1250.00); 250.00 credit
      `${n('c')},${who.id},EUR,10.00,2026-11-20,${other.invoiceNumber},,`, // 4: another customer's invoice
      `${n('d')},${who.id},EUR,10.00,2026-11-20,${one.invoiceNumber},20.00,`, // 5: more than the note
      `${n('e')},${who.id},EUR,10.00,2026-02-30,,,`, // 6: no such day
      `${n('a')},${who.id},EUR,250.00,2026-11-20,${one.invoiceNumber},,price correction`, // 7: the same note again: unchanged
      `${n('a')},${who.id},EUR,999.00,2026-11-20,${one.invoiceNumber},,other`, // 8: the number reused with other content
    ];
    await bucket.drop(`incoming/demo/credit-notes/notes-${process.pid}.csv`, `${csv.join('\n')}\n`);
    const report = await bucket.report(`reports/demo/credit-notes/notes-${process.pid}.csv.json`);
    assert.equal(report.status, 'completed', JSON.stringify(report.error));
    assert.deepEqual(report.counts, { read: 7, imported: 2, unchanged: 1, rejected: 4 });
    const rejects = (await bucket.text(report.rejectsKey!))!.trimEnd().split('\n');
    const byLine = new Map(rejects.slice(1).map((line) => [Number(line.split(',')[0]), line]));
    assert.deepEqual([...byLine.keys()], [4, 5, 6, 8]);
    assert.match(byLine.get(4)!, /allocations\.0\.invoiceNumber/);
    assert.match(byLine.get(5)!, /allocations/);
    assert.match(byLine.get(6)!, /issueDate/);
    assert.match(byLine.get(8)!, /other content/);

    assert.deepEqual([(await api().getInvoice(one.invoiceNumber)).body.invoice.balance, (await api().getInvoice(two.invoiceNumber)).body.invoice.status], [100000, 'credited']);
    const applied = (await api().getInvoice(one.invoiceNumber)).body.timeline.find((event) => event.type === 'credit-note.applied');
    assert.deepEqual(applied?.detail?.['source'], { via: 'file', file: `notes-${process.pid}.csv`, line: 2 });
    const note = await api().request<{ creditNote: { unappliedAmount: number } }>('GET', `/credit-notes/${n('b')}`);
    assert.equal(note.body.creditNote.unappliedAmount, 25000);

    // The same rows under another name: every note is already recorded, nothing changes.
    await bucket.drop(`incoming/demo/credit-notes/again-${process.pid}.csv`, `${csv.slice(0, 4).join('\n')}\n`);
    const again = await bucket.report(`reports/demo/credit-notes/again-${process.pid}.csv.json`);
    assert.deepEqual(again.counts, { read: 3, imported: 0, unchanged: 2, rejected: 1 });
    assert.equal((await api().getInvoice(one.invoiceNumber)).body.invoice.balance, 100000, 'applied once');

    const lines = [JSON.stringify({ creditNoteNumber: n('j'), customer: { id: who.id }, currency: 'EUR', amount: 5000, issueDate: '2026-11-20', allocations: [{ invoiceNumber: one.invoiceNumber }] })];
    await bucket.drop(`incoming/demo/credit-notes/notes-${process.pid}.jsonl`, `${lines.join('\n')}\n`);
    const jsonl = await bucket.report(`reports/demo/credit-notes/notes-${process.pid}.jsonl.json`);
    assert.deepEqual(jsonl.counts, { read: 1, imported: 1, unchanged: 0, rejected: 0 });
    assert.equal((await api().getInvoice(one.invoiceNumber)).body.invoice.balance, 95000);
  });
});
