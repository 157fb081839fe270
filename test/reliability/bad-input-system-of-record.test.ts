import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ImportBucket } from '../integration/support/imports.js';
import { anInvoice, useLocalStack } from '../integration/support/local-stack.js';
import { applyMutations, mutationsOf, propertySettings, upsertFieldFaults, voidFieldFaults, type Mutation } from './support/corpus.js';
import { reliabilityTally } from './support/tally.js';

const tally = reliabilityTally('bad input');

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

function assertNamesEveryField(response: { status: number; body: ErrorBody }, mutations: Mutation[]): void {
  assert.ok(response.status >= 400 && response.status < 500, `a 4xx, got ${response.status}: ${JSON.stringify(response.body)}`);
  assert.equal(response.body.error?.code, 'validation_failed', JSON.stringify(response.body));
  const issues = response.body.error.issues ?? [];
  for (const { path } of mutations) {
    const issue = issues.find((candidate) => candidate.path === path || candidate.path.startsWith(`${path}.`));
    assert.ok(issue && issue.message.trim().length > 0, `an issue with a reason at ${path}; got ${JSON.stringify(issues)}`);
  }
}

/** Bad input to the system of record's routes (PUT /invoices/{number}, POST /invoices/{number}/void): a 4xx naming each bad field, never a 5xx, nothing stored. */
describe('reliability: bad input to the system of record routes', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');

  it('answers every invalid upsert with a 4xx naming each bad field and stores nothing (PUT /invoices/{invoiceNumber})', async () => {
    await fc.assert(
      fc.asyncProperty(mutationsOf(upsertFieldFaults), async (mutations) =>
        tally.case(async () => {
          const number = unique('SOR-BAD');
          const { invoiceNumber: _number, ...body } = anInvoice({ invoiceNumber: number });
          assertNamesEveryField(await api().request<ErrorBody>('PUT', `/invoices/${number}`, applyMutations(body, mutations)), mutations);
          assert.equal((await api().getInvoice(number)).status, 404);
        }),
      ),
      propertySettings(0x50a1, 120),
    );
  });

  it('answers every invalid void request with a 4xx naming each bad field and leaves the invoice open (POST /invoices/{invoiceNumber}/void)', async () => {
    const invoice = anInvoice({ invoiceNumber: unique('SOR-VOID'), dueDate: '2027-06-01' });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    await fc.assert(
      fc.asyncProperty(mutationsOf(voidFieldFaults), async (mutations) =>
        tally.case(async () => {
          assertNamesEveryField(await api().request<ErrorBody>('POST', `/invoices/${invoice.invoiceNumber}/void`, applyMutations({ reason: 'cancelled upstream' }, mutations)), mutations);
        }),
      ),
      propertySettings(0x50a2, 60),
    );
    assert.equal((await api().getInvoice(invoice.invoiceNumber)).body.invoice.status, 'open');
  });

  it('refuses malformed bodies and unknown invoices with a 4xx, never a 5xx', async () => {
    for (const body of ['', 'not json', '[]', 'null', '42', '{"reason":']) {
      for (const [method, path] of [['PUT', '/invoices/SOR-X'], ['POST', '/invoices/SOR-X/void']] as const) {
        await tally.case(async () => {
          const response = await api().request(method, path, body);
          assert.ok(response.status >= 400 && response.status < 500, `${method} ${path} ${JSON.stringify(body)}: ${response.status}`);
        });
      }
    }
    assert.equal((await api().request('POST', '/invoices/NOPE-404/void', { reason: 'no such invoice' })).status, 404);
  });

  // Last in this file: each snapshot is the tenant's full list of open items, so it closes (or holds) what the tests above created.
  it('imports every valid line of an open-items file (incoming/<tenant>/open-items/) and rejects each bad one with its line and field', async () => {
    const bucket = new ImportBucket(stack());
    // An invoice number is whatever the file says (PUT's fault there is a number other than the path's); a blank
    // or null version in a file is an absent one, as in every upsert file.
    const presentVersion = (value: unknown) => value !== null && value !== undefined && String(value).trim() !== '';
    const faults = {
      ...Object.fromEntries(Object.entries(upsertFieldFaults).filter(([path]) => path !== 'invoiceNumber')),
      sourceVersion: upsertFieldFaults['sourceVersion']!.filter(presentVersion),
      sourceUpdatedAt: upsertFieldFaults['sourceUpdatedAt']!.filter(presentVersion),
      balance: fc.constantFrom(-1, 'abc', 1.5, null, 10_000_000, true) };
    const line = fc.option(mutationsOf(faults, 1), { nil: undefined, freq: 2 });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), async (rows) =>
        tally.case(async () => {
          const items = rows.map((mutations) => {
            const invoice = anInvoice({ invoiceNumber: unique('SOR-OI'), dueDate: '2027-06-01' });
            return { item: applyMutations({ ...invoice, sourceVersion: 1, balance: invoice['amount'] }, mutations ?? []), path: mutations?.[0]?.path };
          });
          const name = `${unique('fuzz-oi')}.jsonl`;
          await bucket.drop(`incoming/${stack().tenantId}/open-items/${name}`, `${items.map(({ item }) => JSON.stringify(item)).join('\n')}\n`);
          const report = await bucket.report(`reports/${stack().tenantId}/open-items/${name}.json`);
          const badLines = items.flatMap(({ path }, index) => (path ? [index + 1] : []));
          assert.deepEqual([report.counts.read, report.counts.imported, report.counts.rejected], [items.length, items.length - badLines.length, badLines.length], JSON.stringify(report));
          if (badLines.length > 0) {
            const rejects = (await bucket.text(report.rejectsKey!))!.trimEnd().split('\n').slice(1);
            assert.deepEqual(rejects.map((reject) => Number(reject.split(',')[0])), badLines, 'one rejects row per bad line, with its line number');
            rejects.forEach((reject, index) => assert.ok(reject.includes(items[badLines[index]! - 1]!.path!.split('.')[0]!), `the reason names ${items[badLines[index]! - 1]!.path}: ${reject}`));
          }
        }),
      ),
      propertySettings(0x0e17, 8),
    );
  });
});
