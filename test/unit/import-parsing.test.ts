import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { dateFormat } from '../../shared/imports/index.js';
import { decimalToMinorUnits } from '../../shared/imports/index.js';
import { FileFormatError } from '../../shared/imports/index.js';
import { builtInProfile, importProfileSchema } from '../../shared/imports/index.js';
import { parseIncomingKey } from '../../shared/imports/index.js';
import { readRecords, type ReadEvent } from '../../shared/imports/index.js';
import { RowMapper } from '../../shared/imports/index.js';

async function read(text: string | Buffer, format: 'csv' | 'jsonl' = 'csv', offset = 0, line = 1, header?: string[]): Promise<ReadEvent[]> {
  const events: ReadEvent[] = [];
  for await (const event of readRecords(Readable.from([Buffer.from(text)]), { format, delimiter: ',', position: { offset, line, ...(header ? { header } : {}) } })) events.push(event);
  return events;
}

describe('decimal amounts to minor units', () => {
  it('moves digits exactly, with the currency digits', () => {
    assert.deepEqual(decimalToMinorUnits('55.94', 2), { ok: true, minor: 5594 });
    assert.deepEqual(decimalToMinorUnits('0.07', 2), { ok: true, minor: 7 });
    assert.deepEqual(decimalToMinorUnits(' 1250 ', 2), { ok: true, minor: 125000 });
    assert.deepEqual(decimalToMinorUnits('1250', 0), { ok: true, minor: 1250 });
    assert.deepEqual(decimalToMinorUnits('1.234', 3), { ok: true, minor: 1234 });
    assert.deepEqual(decimalToMinorUnits('1.250,50', 2, { decimal: ',', thousands: '.' }), { ok: true, minor: 125050 });
    assert.deepEqual(decimalToMinorUnits('10.50', 0), { ok: false, reason: "'10.50' has more than 0 decimal place(s), the currency's minor unit" });
    assert.equal(decimalToMinorUnits('12abc', 2).ok, false);
  });
});

describe('date formats', () => {
  it('reads M/D/YYYY and rejects dates that do not exist', () => {
    const format = dateFormat('M/D/YYYY');
    assert.equal(format.parse('1/2/2013'), '2013-01-02');
    assert.equal(format.parse('12/31/2013'), '2013-12-31');
    assert.equal(format.parse('2/29/2012'), '2012-02-29');
    assert.equal(format.parse('2/29/2013'), undefined);
    assert.equal(format.parse('13/1/2013'), undefined);
    assert.equal(format.parse('2013-01-02'), undefined);
    assert.equal(dateFormat('DD.MM.YYYY').parse('31.01.2026'), '2026-01-31');
    assert.throws(() => dateFormat('MM/YYYY'), /must contain/);
  });
});

describe('dropped file keys', () => {
  it('names tenant, kind and optional profile folder', () => {
    assert.deepEqual(parseIncomingKey('incoming/acme/invoices/jan.csv'), { tenantId: 'acme', kind: 'invoices', profile: undefined, file: 'jan.csv' });
    assert.deepEqual(parseIncomingKey('incoming/acme/payments/ibm-ar-sample-payments/2026/jan.csv'), {
      tenantId: 'acme',
      kind: 'payments',
      profile: 'ibm-ar-sample-payments',
      file: 'ibm-ar-sample-payments/2026/jan.csv',
    });
    assert.deepEqual(parseIncomingKey('incoming/acme/credit-notes/x.csv'), { tenantId: 'acme', kind: 'credit-notes', profile: undefined, file: 'x.csv' });
    assert.ok('invalid' in parseIncomingKey('incoming/acme/refunds/x.csv'));
    assert.ok('invalid' in parseIncomingKey('incoming/Acme!/invoices/x.csv'));
  });
});

describe('reading CSV and JSON Lines', () => {
  it('reads a BOM, quoted fields with line breaks and CRLF, numbering rows by their first line', async () => {
    const events = await read('\uFEFFnumber,note\r\n1,"two\r\nlines"\r\n\r\n2,"say ""hi"""\r\n');
    assert.deepEqual(events[0], { type: 'header', columns: ['number', 'note'], endOffset: 16, line: 1 });
    const rows = events.filter((event) => event.type === 'row');
    assert.deepEqual(rows.map((row) => [row.line, row.record]), [
      [2, { number: '1', note: 'two\r\nlines' }],
      [5, { number: '2', note: 'say "hi"' }],
    ]);
  });

  it('resumes at a byte offset with the header it saved', async () => {
    const text = 'a,b\n1,2\n3,4\n';
    const all = await read(text);
    const first = all.find((event) => event.type === 'row')!;
    const rest = await read(Buffer.from(text).subarray(first.endOffset), 'csv', first.endOffset, 3, ['a', 'b']);
    assert.deepEqual(rest.map((event) => event.type === 'row' && [event.line, event.record, event.endOffset]), [[3, { a: '3', b: '4' }, 12]]);
  });

  it('flags a row with the wrong number of fields, and reports a file cut off inside quotes', async () => {
    const events = await read('a,b\n1,2,3\n').catch((error: unknown) => error);
    assert.ok(Array.isArray(events));
    assert.match((events as ReadEvent[]).find((event) => event.type === 'row')?.problem ?? '', /has 3 field\(s\) where the header has 2/);
    await assert.rejects(read('a,b\n1,2\n3,"unfinished'), (error: unknown) => error instanceof FileFormatError && error.code === 'truncated' && error.line === 3);
  });

  it('refuses binary and gzip files with a clear reason', async () => {
    await assert.rejects(read(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2])), /gzip-compressed/);
    await assert.rejects(read(Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0xff])), /not UTF-8 text \(binary data at byte 4\)/);
  });

  it('reads JSON Lines and flags lines that are not JSON objects', async () => {
    const rows = (await read('{"a":1}\n\n[1]\n{"b":', 'jsonl')).filter((event) => event.type === 'row');
    assert.deepEqual(rows.map((row) => [row.line, row.problem?.slice(0, 17)]), [
      [1, undefined],
      [3, 'is not a JSON obj'],
      [4, 'is not valid JSON'],
    ]);
    assert.match(rows[2]!.problem!, /no line end: the file may be truncated/);
  });
});

describe('mapping rows with a profile', () => {
  const sample = new RowMapper(builtInProfile('ibm-ar-sample')!);
  const row = { countryCode: '391', customerID: ' 0379-NEVHP ', invoiceNumber: '0000611365', InvoiceDate: '1/2/2013', DueDate: '2/1/2013', InvoiceAmount: '55.94', PaperlessBill: 'Paper' };

  it('reads the IBM sample as it is: leading zeros, USD cents, placeholder contact', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(sample.invoice(row))), {
      ok: true,
      value: {
        invoiceNumber: '0000611365',
        customer: { id: '0379-NEVHP', name: 'Customer 0379-NEVHP', email: 'ar+0379-nevhp@example.invalid' },
        issueDate: '2013-01-02',
        dueDate: '2013-02-01',
        currency: 'USD',
        amount: 5594,
        metadata: { countryCode: '391', PaperlessBill: 'Paper' },
      },
    });
  });

  it('derives the due date from default terms and names the column of each problem', () => {
    const mapped = sample.invoice({ ...row, DueDate: '' });
    assert.equal(mapped.ok && mapped.value.dueDate, '2013-02-01');
    assert.deepEqual(sample.invoice({ ...row, InvoiceDate: '2/30/2013', InvoiceAmount: '5.999' }), {
      ok: false,
      reason: "issueDate (column InvoiceDate): '2/30/2013' is not a real date in the format M/D/YYYY; amount (column InvoiceAmount): '5.999' has more than 2 decimal place(s), the currency's minor unit",
    });
    assert.deepEqual(sample.invoice({ ...row, InvoiceAmount: '-5' }), { ok: false, reason: 'amount (column InvoiceAmount): must be greater than zero' });
  });

  it('trims and lower-cases emails, and rejects bad ones with the field', () => {
    const mapper = new RowMapper(builtInProfile('arflow-invoices')!);
    const base = { invoiceNumber: 'A-1', customerId: 'C', customerName: 'Acme', issueDate: '2026-01-01', dueDate: '2026-01-31', currency: 'EUR', amount: '10.00' };
    const good = mapper.invoice({ ...base, customerEmail: '  AP@Acme.Example ' });
    assert.equal(good.ok && good.value.customer.email, 'ap@acme.example');
    assert.deepEqual(mapper.invoice({ ...base, customerEmail: 'not-an-email' }), { ok: false, reason: 'customer.email (column customerEmail): must be an email address' });
  });

  it('validates profiles at the edge', () => {
    const result = importProfileSchema.safeParse({ name: 'x', kind: 'invoices', columns: { invoiceNumber: 'n', colour: 'c' }, dateFormat: 'YYYY' });
    assert.equal(result.success, false);
    const paths = result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
    assert.ok(paths.includes('dateFormat') && paths.includes('columns.colour') && paths.includes('columns.amount'), paths.join());
  });
});

describe('mapping credit-notes rows', () => {
  const mapper = new RowMapper(builtInProfile('arflow-credit-notes')!);
  const row = { creditNoteNumber: 'CN-1', customerId: 'C-1', currency: 'EUR', amount: '300.00', issueDate: '2026-12-01', invoiceNumber: 'INV-1', allocationAmount: '120.50', reason: 'returned' };

  it('maps a row to the POST /credit-notes body: decimal amounts, one allocation when the row names an invoice', () => {
    assert.deepEqual(mapper.creditNote(row), {
      ok: true,
      value: { creditNoteNumber: 'CN-1', customer: { id: 'C-1' }, currency: 'EUR', amount: 30000, issueDate: '2026-12-01', allocations: [{ invoiceNumber: 'INV-1', amount: 12050 }], reason: 'returned' },
    });
    const unallocated = mapper.creditNote({ ...row, invoiceNumber: '', allocationAmount: '', reason: '' });
    assert.deepEqual(unallocated, { ok: true, value: { creditNoteNumber: 'CN-1', customer: { id: 'C-1' }, currency: 'EUR', amount: 30000, issueDate: '2026-12-01' } });
  });

  it('names the field of a bad row, and requires the note columns in the header', () => {
    const bad = mapper.creditNote({ ...row, allocationAmount: '1.234' });
    assert.ok(!bad.ok && /allocationAmount/.test(bad.reason), JSON.stringify(bad));
    const over = mapper.creditNote({ ...row, allocationAmount: '300.01' });
    assert.ok(!over.ok && /allocations/.test(over.reason), JSON.stringify(over));
    assert.deepEqual(mapper.requiredColumns(), ['creditNoteNumber', 'customerId', 'amount', 'issueDate']);
    assert.equal(importProfileSchema.safeParse({ name: 'x', kind: 'credit-notes', columns: { creditNoteNumber: 'n', paidAt: 'p' } }).success, false);
  });
});
