import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ImportBucket } from '../integration/support/imports.js';
import { anInvoice, useLocalStack } from '../integration/support/local-stack.js';
import { applyMutations, creditNoteFieldFaults, invoiceFieldFaults, mutationsOf, notADate, notAnEmail, outOfRangeDate, paymentFieldFaults, policyFieldFaults, propertySettings, type Mutation } from './support/corpus.js';
import { reliabilityTally } from './support/tally.js';

const tally = reliabilityTally('bad input');

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}
type BatchResult = { status: number; outcome: string; error?: ErrorBody['error'] };

/** A 4xx (never a 5xx) whose issues name every mutated field with a reason. */
function assertNamesEveryField(response: { status: number; body: ErrorBody }, mutations: Mutation[]): void {
  assert.ok(response.status >= 400 && response.status < 500, `a 4xx, got ${response.status}: ${JSON.stringify(response.body)}`);
  assertIssues(response.body.error, mutations);
}

function assertIssues(error: ErrorBody['error'] | undefined, mutations: Mutation[]): void {
  assert.equal(error?.code, 'validation_failed', JSON.stringify(error));
  const issues = error?.issues ?? [];
  for (const { path } of mutations) {
    const issue = issues.find((candidate) => candidate.path === path || candidate.path.startsWith(`${path}.`));
    assert.ok(issue, `an issue at ${path}; got ${JSON.stringify(issues)}`);
    assert.ok(issue.message.trim().length > 0, `a reason for ${path}`);
  }
}

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

/** Valid invoices with awkward but legal content: must all be stored. */
const validInvoice = fc
  .record({
    name: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }).filter((name) => name.trim().length > 0), fc.constantFrom('<script>alert(1)</script>', "O'Brien & Söhne", 'Ünïcødé 株式会社', '"; DROP TABLE x; --')),
    amount: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    currency: fc.constantFrom('EUR', 'USD', 'JPY', 'GBP', 'CHF', 'KWD'),
    timezone: fc.constantFrom(undefined, 'UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
  })
  .map(({ name, amount, currency, timezone }) =>
    anInvoice({
      invoiceNumber: unique('BI-OK'),
      amount,
      currency,
      customer: { id: unique('C'), name, email: 'ap@valid.example', ...(timezone ? { timezone } : {}) },
    }),
  );

/**
 * Bad input on the embedded stack, generated with fast-check (fixed seeds; a failure prints the seed
 * and the shrunk counterexample): every invalid record gets a 4xx naming the field and the reason, or
 * a rejects row with its line and reason; never a 5xx; and the valid records sent with them are stored.
 */
describe('reliability: bad input', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');

  it('answers every invalid invoice with a 4xx naming each bad field (POST /invoices)', async () => {
    await fc.assert(
      fc.asyncProperty(mutationsOf(invoiceFieldFaults), async (mutations) =>
        tally.case(async () => {
          const invoice = applyMutations(anInvoice({ invoiceNumber: unique('BI-BAD') }), mutations);
          assertNamesEveryField(await api().request<ErrorBody>('POST', '/invoices', invoice), mutations);
        }),
      ),
      propertySettings(0x1a2b, 150),
    );
  });

  describe('the inputs a new user found answering 500 or accepted', () => {
    const nested = (levels: number) => {
      let value: unknown = 'leaf';
      for (let level = 0; level < levels; level++) value = { next: value };
      return value;
    };
    const cases: [string, Record<string, unknown>, string][] = [
      ['metadata of 900 KB', { metadata: { blob: 'x'.repeat(900 * 1024) } }, 'metadata'],
      ['metadata nested 3,000 levels deep', { metadata: { deep: nested(3000) } }, 'metadata'],
      ['a due date of 9999-12-31', { dueDate: '9999-12-31' }, 'dueDate'],
    ];
    for (const [what, change, path] of cases) {
      it(`answers ${what} with 422 at ${path}, alone and as an item of a batch`, async () =>
        tally.case(async () => {
          const single = await api().request<ErrorBody>('POST', '/invoices', anInvoice({ invoiceNumber: unique('BI-EDGE'), ...change }));
          assert.equal(single.status, 422, JSON.stringify(single.body).slice(0, 500));
          assertIssues(single.body.error, [{ path, value: undefined }]);
          const valid = anInvoice({ invoiceNumber: unique('BI-EDGE-OK') });
          const batch = await api().request<{ summary: Record<string, number>; results: BatchResult[] }>('POST', '/invoices', { invoices: [anInvoice({ invoiceNumber: unique('BI-EDGE'), ...change }), valid] });
          assert.equal(batch.status, 200, JSON.stringify(batch.body).slice(0, 500));
          assert.equal(batch.body.results[0]!.status, 422);
          assertIssues(batch.body.results[0]!.error, [{ path, value: undefined }]);
          assert.equal(batch.body.results[1]!.status, 201, 'the valid invoice beside it is stored');
        }));
    }
  });

  it('answers a due date before the issue date with 422 at dueDate', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 400 }), async (days) =>
        tally.case(async () => {
          const issue = new Date(Date.UTC(2026, 10, 1) + days * 86_400_000).toISOString().slice(0, 10);
          const response = await api().request<ErrorBody>('POST', '/invoices', anInvoice({ invoiceNumber: unique('BI-BAD'), issueDate: issue, dueDate: '2026-11-01' }));
          assert.equal(response.status, 422);
          assertIssues(response.body.error, [{ path: 'dueDate', value: undefined }]);
        }),
      ),
      propertySettings(0x2b3c, 50),
    );
  });

  it('refuses malformed bodies with a 4xx, never a 5xx', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 40 }), // mostly not JSON
      fc.json().filter((text) => {
        const value: unknown = JSON.parse(text);
        return value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0;
      }),
      fc.constantFrom('{"invoices": []}', '{"invoices": "x"}', '{"invoices": null}', '{"payments": {}}', '[{}]', '{'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/invoices', '/payments'), body, async (path, text) =>
        tally.case(async () => {
          const response = await api().request<ErrorBody>('POST', path, text);
          assert.ok(response.status >= 400 && response.status < 500, `${path} ${JSON.stringify(text)} → ${response.status} ${JSON.stringify(response.body)}`);
          assert.ok(response.body.error?.code, 'a machine-readable error code');
        }),
      ),
      propertySettings(0x3c4d, 100),
    );
  });

  it('answers every bad report query with 422 naming the parameter, never a 5xx (GET /reports/*, /escalations)', async () => {
    const badDate = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }).filter((text) => !/^\s*\d{4}-\d{2}-\d{2}\s*$/.test(text)), fc.constantFrom('2026-13-01', '2026-02-30', '0000-00-00', '20261120', '2026-11-20T00:00:00Z'));
    const query = fc.oneof(
      badDate.map((value) => ['/reports/overview', 'asOf', value] as const),
      badDate.map((value) => ['/reports/aging', 'asOf', value] as const),
      badDate.map((value) => ['/reports/risk', 'asOf', value] as const),
      badDate.map((value) => ['/reports/forecast', 'asOf', value] as const),
      badDate.map((value) => ['/reports/kpis', 'to', value] as const),
      fc.constantFrom(['/reports/kpis', 'interval', 'week'] as const, ['/reports/kpis', 'by', 'tenant'] as const, ['/escalations', 'format', 'xml'] as const, ['/reports/aging', 'format', 'pdf'] as const),
    );
    await fc.assert(
      fc.asyncProperty(query, async ([path, parameter, value]) =>
        tally.case(async () => {
          const response = await api().request<ErrorBody>('GET', `${path}?${new URLSearchParams({ [parameter]: value })}`);
          assert.equal(response.status, 422, `${path}?${parameter}=${JSON.stringify(value)} → ${response.status} ${JSON.stringify(response.body)}`);
          assert.ok(response.body.error?.issues?.some((issue) => issue.path === parameter), `names ${parameter}: ${JSON.stringify(response.body)}`);
        }),
      ),
      propertySettings(0x5e11, 60),
    );
  });

  it('stores every valid invoice of a batch that mixes valid and invalid ones, and none of the invalid', async () => {
    const item = fc.oneof(
      validInvoice.map((invoice) => ({ invoice, mutations: [] as Mutation[] })),
      mutationsOf(invoiceFieldFaults, 2)
        .filter((mutations) => !mutations.some((mutation) => mutation.path === 'invoiceNumber'))
        .map((mutations) => ({ invoice: applyMutations(anInvoice({ invoiceNumber: unique('BI-MIX-BAD') }), mutations), mutations })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 6 }), async (items) =>
        tally.case(async () => {
          const response = await api().request<{ summary: Record<string, number>; results: BatchResult[] }>('POST', '/invoices', { invoices: items.map((entry) => entry.invoice) });
          assert.equal(response.status, 200, JSON.stringify(response.body));
          const valid = items.filter((entry) => entry.mutations.length === 0);
          assert.equal(response.body.summary['created'], valid.length, JSON.stringify(response.body.summary));
          assert.equal(response.body.summary['invalid'], items.length - valid.length);
          items.forEach((entry, index) => {
            const result = response.body.results[index]!;
            if (entry.mutations.length === 0) assert.equal(result.status, 201, JSON.stringify(result));
            else {
              assert.equal(result.status, 422, JSON.stringify(result));
              assertIssues(result.error, entry.mutations);
            }
          });
          for (const { invoice, mutations } of items) {
            const stored = await api().getInvoice(String(invoice.invoiceNumber));
            assert.equal(stored.status, mutations.length === 0 ? 200 : 404, `${invoice.invoiceNumber}: ${mutations.length === 0 ? 'valid: stored' : 'invalid: not stored'}`);
          }
        }),
      ),
      propertySettings(0x4d5e, 30),
    );
  });

  describe('payments', () => {
    const target = anInvoice({ invoiceNumber: unique('BI-PAY-TARGET'), amount: 1_000_000_000, currency: 'EUR' });
    before(async () => assert.equal((await api().postInvoice(target)).status, 201));
    const basePayment = () => ({ invoiceNumber: target.invoiceNumber, amount: 1, currency: 'EUR', paidAt: '2026-11-19', reference: unique('ref') });

    it('answers every invalid payment with a 4xx naming each bad field (POST /payments)', async () => {
      await fc.assert(
        fc.asyncProperty(mutationsOf(paymentFieldFaults), async (mutations) =>
          tally.case(async () => {
            assertNamesEveryField(await api().request<ErrorBody>('POST', '/payments', applyMutations(basePayment(), mutations)), mutations);
          }),
        ),
        propertySettings(0x5e6f, 100),
      );
    });

    it('applies every valid payment of a batch that mixes valid and invalid ones; the balance shows exactly those', async () => {
      let applied = 0;
      const item = fc.oneof(
        fc.constant({ mutations: [] as Mutation[] }),
        mutationsOf(paymentFieldFaults, 2).map((mutations) => ({ mutations })),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 6 }), async (items) =>
          tally.case(async () => {
            const payments = items.map(({ mutations }) => applyMutations(basePayment(), mutations));
            const response = await api().request<{ summary: Record<string, number>; results: BatchResult[] }>('POST', '/payments', { payments });
            assert.equal(response.status, 200, JSON.stringify(response.body));
            const valid = items.filter(({ mutations }) => mutations.length === 0).length;
            assert.equal(response.body.summary['applied'], valid, JSON.stringify(response.body));
            assert.equal(response.body.summary['invalid'], items.length - valid);
            items.forEach(({ mutations }, index) => {
              if (mutations.length > 0) assertIssues(response.body.results[index]!.error, mutations);
            });
            applied += valid;
          }),
        ),
        propertySettings(0x6f70, 40),
      );
      const view = await api().getInvoice(target.invoiceNumber);
      assert.equal(view.body.invoice.balance, Number(target['amount']) - applied, 'every valid payment, and only those, reached the balance');
    });
  });

  describe('credit notes', () => {
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

  describe('policies', () => {
    const basePolicy = () => ({
      stages: [{ id: 'first', offsetDays: 1, template: 'firm', subject: 'Invoice {invoiceNumber}' }],
      sendingWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 9, endHour: 17, holidays: ['2026-12-25'] },
      defaultTimezone: 'Europe/Berlin',
      minimumBalance: 100,
      onePerCustomerPerDay: false,
      segments: ['key-accounts'],
      escalation: { afterDaysOverdue: 10, approvers: { accountOwner: true, emails: ['finance@seller.example'] }, onTimeout: 'stop' },
      grace: { days: 10, finalAction: 'none' },
    });

    it('answers every invalid policy with a 4xx naming each bad field, and keeps every valid version put between them (PUT /policies/{name})', async () => {
      const name = `fuzz-${process.pid}`;
      let validPuts = 0;
      const step = fc.oneof(
        { weight: 4, arbitrary: mutationsOf(policyFieldFaults) },
        { weight: 1, arbitrary: fc.integer({ min: -90, max: 365 }).map((offsetDays) => [{ path: 'stages.0.offsetDays', value: offsetDays, valid: true }]) },
      );
      await fc.assert(
        fc.asyncProperty(step, async (mutations) =>
          tally.case(async () => {
            const response = await api().request<ErrorBody>('PUT', `/policies/${name}`, applyMutations(basePolicy(), mutations));
            if ('valid' in mutations[0]!) {
              assert.equal(response.status, validPuts === 0 ? 201 : 200, JSON.stringify(response.body));
              validPuts++;
            } else assertNamesEveryField(response, mutations);
          }),
        ),
        propertySettings(0x7081, 150),
      );
      const stored = await api().request<{ policy: { version: number } }>('GET', `/policies/${name}`);
      if (validPuts === 0) assert.equal(stored.status, 404);
      else assert.equal(stored.body.policy.version, validPuts, 'one version per valid PUT, none for an invalid one');
    });

    it('refuses an invalid policy name with 422', async () => {
      const badName = fc.oneof(fc.constantFrom('Bad%20Name', 'UPPER', '-lead', 'x'.repeat(49), 'a_b', '%3Cscript%3E'), fc.stringMatching(/^[A-Z][A-Za-z0-9_]{0,10}$/));
      await fc.assert(
        fc.asyncProperty(badName, async (name) =>
          tally.case(async () => {
            const response = await api().request<ErrorBody>('PUT', `/policies/${name}`, basePolicy());
            assert.equal(response.status, 422, `${name}: ${JSON.stringify(response.body)}`);
            assert.match(response.body.error.message, /policy name/);
          }),
        ),
        propertySettings(0x8192, 50),
      );
    });
  });

  describe('import files (CSV and JSON Lines dropped into incoming/<tenant>/invoices/)', () => {
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
});
