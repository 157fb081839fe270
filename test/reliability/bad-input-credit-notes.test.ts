import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ImportBucket } from '../integration/support/imports.js';
import { anInvoice, useLocalStack } from '../integration/support/local-stack.js';
import { applyMutations, creditNoteFieldFaults, mutationsOf, propertySettings } from './support/corpus.js';
import { reliabilityTally } from './support/tally.js';

const tally = reliabilityTally('bad input');
import { assertIssues, assertNamesEveryField, type ErrorBody } from './support/assertions.js';

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

/** Bad credit notes (POST /credit-notes and …/allocate): a 4xx naming every bad field, nothing stored. */
describe('reliability: bad input: credit notes', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const customerId = unique('BI-CN-C');
  const target = anInvoice({ invoiceNumber: unique('BI-CN-TARGET'), amount: 1_000_000, currency: 'EUR', customer: { id: customerId, name: 'Credit', email: 'ap@credit.example' } });
  const other = anInvoice({ invoiceNumber: unique('BI-CN-OTHER'), amount: 1_000, currency: 'EUR' });
  const paid = anInvoice({ invoiceNumber: unique('BI-CN-PAID'), amount: 1_000, currency: 'EUR', customer: { id: customerId, name: 'Credit', email: 'ap@credit.example' } });
  const dollars = anInvoice({ invoiceNumber: unique('BI-CN-USD'), amount: 1_000, currency: 'USD', customer: { id: customerId, name: 'Credit', email: 'ap@credit.example' } });
  before(async () => {
    for (const invoice of [target, other, paid, dollars]) assert.equal((await api().postInvoice(invoice)).status, 201);
    assert.equal((await api().postPayment({ invoiceNumber: paid.invoiceNumber, amount: 1_000, currency: 'EUR', paidAt: '2026-11-19' })).status, 201);
  });
  const baseNote = () => ({ creditNoteNumber: unique('BI-CN'), customer: { id: customerId }, currency: 'EUR', amount: 100, issueDate: '2026-11-19', allocations: [{ invoiceNumber: target.invoiceNumber, amount: 1 }] });

  it('answers every invalid credit note with a 4xx naming each bad field (POST /credit-notes), and the allocation route likewise', async () => {
    await fc.assert(
      fc.asyncProperty(mutationsOf(creditNoteFieldFaults), async (mutations) =>
        tally.case(async () => {
          assertNamesEveryField(await api().request<ErrorBody>('POST', '/credit-notes', applyMutations(baseNote(), mutations)), mutations);
        }),
      ),
      propertySettings(0xc4ed, 100),
    );
    const open = baseNote();
    assert.equal((await api().request('POST', '/credit-notes', { ...open, allocations: undefined })).status, 201);
    const allocationFaults = mutationsOf({ allocations: creditNoteFieldFaults['allocations']!, 'allocations.0.invoiceNumber': creditNoteFieldFaults['allocations.0.invoiceNumber']!, 'allocations.0.amount': creditNoteFieldFaults['allocations.0.amount']! });
    await fc.assert(
      fc.asyncProperty(allocationFaults, async (mutations) =>
        tally.case(async () => {
          const body = applyMutations({ allocations: [{ invoiceNumber: target.invoiceNumber, amount: 1 }] }, mutations);
          assertNamesEveryField(await api().request<ErrorBody>('POST', `/credit-notes/${open.creditNoteNumber}/allocate`, body), mutations);
        }),
      ),
      propertySettings(0xc4ee, 40),
    );
  });

  it('refuses another currency, another customer’s, an unknown or a closed invoice, and more than the note, with the field path; nothing is stored', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['another currency', { allocations: [{ invoiceNumber: dollars.invoiceNumber }] }, 'currency'],
      ['another customer’s invoice', { allocations: [{ invoiceNumber: target.invoiceNumber }, { invoiceNumber: other.invoiceNumber }] }, 'allocations.1.invoiceNumber'],
      ['an unknown invoice', { allocations: [{ invoiceNumber: unique('BI-CN-NONE') }] }, 'allocations.0.invoiceNumber'],
      ['a closed invoice', { allocations: [{ invoiceNumber: paid.invoiceNumber }] }, 'allocations.0.invoiceNumber'],
      ['more than the note', { amount: 10, allocations: [{ invoiceNumber: target.invoiceNumber, amount: 11 }] }, 'allocations'],
      ['more than the invoice owes', { amount: 2_000_000, allocations: [{ invoiceNumber: target.invoiceNumber, amount: 1_000_001 }] }, 'allocations.0.amount'],
    ];
    for (const [what, change, path] of cases) {
      await tally.case(async () => {
        const note = { ...baseNote(), ...change };
        const response = await api().request<ErrorBody>('POST', '/credit-notes', note);
        assert.equal(response.status, 422, `${what}: ${response.status} ${JSON.stringify(response.body)}`);
        assertIssues(response.body.error, [{ path, value: undefined }]);
        assert.equal((await api().request('GET', `/credit-notes/${note.creditNoteNumber}`)).status, 404, `${what}: not stored`);
      });
    }
    assert.equal((await api().getInvoice(target.invoiceNumber)).body.invoice.balance, 1_000_000, 'no refused note lowered the balance');
  });

  it('imports every valid line of a credit-notes file (incoming/<tenant>/credit-notes/) and rejects each bad one with its line and field', async () => {
    const bucket = new ImportBucket(stack());
    const line = fc.option(mutationsOf(creditNoteFieldFaults, 1), { nil: undefined, freq: 2 });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 8 }), async (rows) =>
        tally.case(async () => {
          const notes = rows.map((mutations) => ({ note: applyMutations(baseNote(), mutations ?? []), path: mutations?.[0]?.path }));
          const name = `${unique('fuzz-cn')}.jsonl`;
          await bucket.drop(`incoming/${stack().tenantId}/credit-notes/${name}`, `${notes.map(({ note }) => JSON.stringify(note)).join('\n')}\n`);
          const report = await bucket.report(`reports/${stack().tenantId}/credit-notes/${name}.json`);
          const badLines = notes.flatMap(({ path }, index) => (path ? [index + 1] : []));
          assert.deepEqual(report.counts, { read: notes.length, imported: notes.length - badLines.length, unchanged: 0, rejected: badLines.length }, JSON.stringify(report));
          if (badLines.length > 0) {
            const rejects = (await bucket.text(report.rejectsKey!))!.trimEnd().split('\n').slice(1);
            assert.deepEqual(rejects.map((reject) => Number(reject.split(',')[0])), badLines, 'one rejects row per bad line, with its line number');
            rejects.forEach((reject, index) => assert.ok(reject.includes(notes[badLines[index]! - 1]!.path!), `the reason names ${notes[badLines[index]! - 1]!.path}: ${reject}`));
          }
          for (const { note, path } of notes) {
            if (!path) assert.equal((await api().request('GET', `/credit-notes/${String(note.creditNoteNumber)}`)).status, 200, 'a valid line is imported');
          }
        }),
      ),
      propertySettings(0xc4ef, 8),
    );
  });
});
