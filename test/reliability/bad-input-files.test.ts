import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ImportBucket } from '../integration/support/imports.js';
import { anInvoice, useLocalStack } from '../integration/support/local-stack.js';
import { reliabilityTally } from './support/tally.js';
import { applyMutations, invoiceFieldFaults, mutationsOf, notADate, notAnEmail, outOfRangeDate, propertySettings } from './support/corpus.js';

const tally = reliabilityTally('bad input');

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

/**
 * Bad rows in dropped files (fast-check, fixed seeds): every invalid row goes to the rejects report
 * with its line and a reason naming the field; the valid rows of the same file are imported.
 */
describe('reliability: bad input in import files (CSV and JSON Lines dropped into incoming/<tenant>/invoices/)', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const bucket = () => new ImportBucket(stack());
  const columns = ['invoiceNumber', 'customerId', 'customerName', 'customerEmail', 'issueDate', 'dueDate', 'currency', 'amount', 'paymentReference'] as const;
  type Row = Record<(typeof columns)[number], string>;
  const validRow = (): Row => ({
    invoiceNumber: unique('BI-FILE'),
    customerId: 'C-FILE',
    customerName: 'File Import GmbH',
    customerEmail: 'ap@file.example',
    issueDate: '2026-11-01',
    dueDate: '2026-12-31',
    currency: 'EUR',
    amount: '1250.00',
    // Blank: arflow assigns one.
    paymentReference: '',
  });
  const noLineBreak = (value: string) => !/[\r\n]/.test(value);
  const rowFaults: Record<string, fc.Arbitrary<string>> = {
    invoiceNumber: fc.constantFrom('', ' ', 'has space', 'a<b>', 'x'.repeat(65)),
    customerId: fc.constantFrom('', '   '),
    customerEmail: notAnEmail.filter(noLineBreak),
    issueDate: fc.oneof(notADate.filter(noLineBreak), outOfRangeDate),
    dueDate: fc.oneof(notADate.filter((value) => noLineBreak(value) && value.trim() !== ''), outOfRangeDate),
    currency: fc.constantFrom('EUX', 'XYZ', 'EURO', '€', '12'),
    amount: fc.constantFrom('abc', '12.345', '0', '', '1e5', 'NaN', '12,50,00', '--5'),
    paymentReference: fc.constantFrom('RF19539007547034', 'RF18', '210000000003139471430009018', 'INV-1001', 'RF18-5390'),
  };
  const badRow = fc.constantFrom(...Object.keys(rowFaults)).chain((column) => rowFaults[column]!.map((value) => ({ column, value })));
  const fileRows = fc.array(fc.option(badRow, { nil: undefined, freq: 2 }), { minLength: 1, maxLength: 12 });
  const csvField = (value: string) => `"${value.replace(/"/g, '""')}"`;

  /** A file's rows: each valid, or bad in one field (`column`: the name its reason must mention). */
  type FileRecord = { invoiceNumber: string; line: string; fault?: { column: string; value: unknown } };
  const checkImport = async (format: 'csv' | 'jsonl', records: FileRecord[]) => {
    const name = `${unique('fuzz')}.${format}`;
    const text = (format === 'csv' ? [columns.join(','), ...records.map((record) => record.line)] : records.map((record) => record.line)).join('\n') + '\n';
    const firstLine = format === 'csv' ? 2 : 1;
    await bucket().drop(`incoming/${stack().tenantId}/invoices/${name}`, text);
    const report = await bucket().report(`reports/${stack().tenantId}/invoices/${name}.json`);
    assert.equal(report.status, 'completed', JSON.stringify(report));
    const badLines = records.flatMap(({ fault }, index) => (fault ? [index + firstLine] : []));
    assert.deepEqual(report.counts, { read: records.length, imported: records.length - badLines.length, unchanged: 0, rejected: badLines.length }, JSON.stringify(report));
    if (badLines.length > 0) {
      const rejects = (await bucket().text(report.rejectsKey!))!.trimEnd().split('\n');
      assert.equal(rejects[0], 'line,reason,row');
      const byLine = new Map(rejects.slice(1).map((line) => [Number(line.split(',')[0]), line]));
      assert.deepEqual([...byLine.keys()], badLines, 'one rejects row per bad line, with its line number');
      for (const line of badLines) {
        const fault = records[line - firstLine]!.fault!;
        const reason = byLine.get(line)!.split(',').slice(1).join(',');
        const named = fault.column.split('.').pop()!.replace(/^customer(?=[A-Z])/, '').toLowerCase();
        assert.ok(reason.toLowerCase().includes(named), `line ${line} (${fault.column}=${JSON.stringify(fault.value)}): the reason names the field: ${reason}`);
      }
    }
    for (const { invoiceNumber, fault } of records) {
      if (!fault) assert.equal((await api().getInvoice(invoiceNumber)).status, 200, `${invoiceNumber} (valid) imported`);
    }
  };

  it('imports every valid row of a CSV file and rejects each bad one with its line and reason', async () => {
    const csvRecords = fileRows.map((rows) =>
      rows.map((fault): FileRecord => {
        const row = validRow();
        if (fault) row[fault.column as keyof Row] = fault.value;
        return { invoiceNumber: row.invoiceNumber, line: columns.map((column) => csvField(row[column])).join(','), ...(fault ? { fault } : {}) };
      }),
    );
    await fc.assert(fc.asyncProperty(csvRecords, async (records) => tally.case(() => checkImport('csv', records))), propertySettings(0x92a3, 20));
  });

  it('imports every valid line of a JSON Lines file (the API contract) and rejects each bad one with its line and reason', async () => {
    const notAnObject = fc.constantFrom('{', 'not json', '[1, 2]', '"text"', '42', 'null', '{"invoiceNumber": "x",}');
    const jsonlRecord = fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: mutationsOf(invoiceFieldFaults, 1).map(([mutation]) => ({ kind: 'field' as const, mutation: mutation! })) },
      { weight: 1, arbitrary: notAnObject.map((line) => ({ kind: 'line' as const, line })) },
    );
    const jsonlRecords = fc.array(jsonlRecord, { minLength: 1, maxLength: 12 }).map((rows) =>
      rows.map((bad): FileRecord => {
        const invoice = anInvoice({ invoiceNumber: unique('BI-JSONL') });
        if (bad === undefined) return { invoiceNumber: invoice.invoiceNumber, line: JSON.stringify(invoice) };
        if (bad.kind === 'line') return { invoiceNumber: invoice.invoiceNumber, line: bad.line, fault: { column: 'JSON', value: bad.line } };
        return { invoiceNumber: invoice.invoiceNumber, line: JSON.stringify(applyMutations(invoice, [bad.mutation])), fault: { column: bad.mutation.path, value: bad.mutation.value } };
      }),
    );
    await fc.assert(fc.asyncProperty(jsonlRecords, async (records) => tally.case(() => checkImport('jsonl', records))), propertySettings(0xa3b4, 20));
  });
});
