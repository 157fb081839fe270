import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
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
  const { api } = useLocalStack('2026-11-20T12:00:00.000Z');

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
});
