import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { anInvoice, useLocalStack } from '../integration/support/local-stack.js';
import { applyMutations, invoiceFieldFaults, mutationsOf, paymentFieldFaults, policyFieldFaults, propertySettings, type Mutation } from './support/corpus.js';
import { reliabilityTally } from './support/tally.js';
import { assertIssues, assertNamesEveryField, type BatchResult, type ErrorBody } from './support/assertions.js';

const tally = reliabilityTally('bad input');

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
  const { api } = useLocalStack('2026-11-20T12:00:00.000Z');

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

  it('answers every invalid API key, key query and sign-in with a 4xx naming the field, never a 5xx (POST/GET/DELETE /api-keys, POST /session)', async () => {
    const cases = fc.oneof(
      fc.record({ label: fc.oneof(fc.constant(''), fc.string({ minLength: 101, maxLength: 120 }), fc.integer()), scopes: fc.constant(['read']) }).map((body) => ['POST', '/api-keys', body, 'label'] as const),
      fc.record({ label: fc.constant('ok'), scopes: fc.oneof(fc.constant([]), fc.constant(['root']), fc.constant(['read', 'read']), fc.constant('read')) }).map((body) => ['POST', '/api-keys', body, 'scopes'] as const),
      fc.record({ label: fc.constant('ok'), scopes: fc.constant(['read']), expiresAt: fc.oneof(fc.constant('tomorrow'), fc.constant('2020-01-01T00:00:00Z'), fc.integer()) }).map((body) => ['POST', '/api-keys', body, 'expiresAt'] as const),
      fc.constantFrom(['GET', '/api-keys?limit=0', undefined, 'limit'] as const, ['GET', '/api-keys?limit=abc', undefined, 'limit'] as const, ['GET', '/api-keys?limit=101', undefined, 'limit'] as const, ['GET', '/api-keys?cursor=not-a-cursor', undefined, 'cursor'] as const),
      fc.constantFrom(['DELETE', '/api-keys/not-a-key', undefined, 'id'] as const, ['DELETE', '/api-keys/key_XYZ', undefined, 'id'] as const),
      fc.record({ username: fc.oneof(fc.constant(''), fc.integer()), password: fc.constant('x') }).map((body) => ['POST', '/session', body, 'username'] as const),
      fc.record({ username: fc.constant('someone@example.com'), password: fc.oneof(fc.constant(''), fc.constant(null)) }).map((body) => ['POST', '/session', body, 'password'] as const),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ([method, path, body, field]) =>
        tally.case(async () => {
          const response = await api().request<ErrorBody>(method, path, body);
          assert.equal(response.status, 422, `${method} ${path} ${JSON.stringify(body)} → ${response.status} ${JSON.stringify(response.body)}`);
          assert.ok(response.body.error?.issues?.some((issue) => issue.path === field || issue.path.startsWith(`${field}.`)), `names ${field}: ${JSON.stringify(response.body)}`);
        }),
      ),
      propertySettings(0xa11e, 40),
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

  describe('the workspace (lists that page, a collector\'s actions)', () => {
    it('answers every bad list query with 422 naming the parameter, never a 5xx (GET /invoices, /customers)', async () => {
      const notNumber = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }).filter((text) => !/^\s*\d+\s*$/.test(text)), fc.constantFrom('0', '101', '-1', '2.5', '1e9'));
      const query = fc.oneof(
        notNumber.map((value) => ['/invoices', 'limit', value] as const),
        notNumber.map((value) => ['/customers', 'limit', value] as const),
        fc.string({ minLength: 1, maxLength: 60 }).map((value) => ['/invoices', 'cursor', value] as const),
        fc.string({ minLength: 1, maxLength: 60 }).map((value) => ['/customers', 'cursor', value] as const),
        fc.constantFrom(
          ['/invoices', 'status', 'pending'] as const,
          ['/invoices', 'overdue', 'yes'] as const,
          ['/invoices', 'sort', 'amount'] as const,
          ['/invoices', 'owner', 'not-an-email'] as const,
          ['/invoices', 'segment', 'Not A Segment'] as const,
          ['/invoices', 'q', 'x'.repeat(101)] as const,
          ['/customers', 'owner', 'nobody'] as const,
          ['/worklist', 'status', 'paid'] as const,
          ['/worklist', 'limit', '0'] as const,
          ['/worklist', 'cursor', 'forged.sig'] as const,
        ),
      );
      await fc.assert(
        fc.asyncProperty(query, async ([path, parameter, value]) =>
          tally.case(async () => {
            const response = await api().request<ErrorBody>('GET', `${path}?${new URLSearchParams({ [parameter]: value })}`);
            assert.equal(response.status, 422, `${path}?${parameter}=${JSON.stringify(value)} → ${response.status} ${JSON.stringify(response.body)}`);
            assert.ok(response.body.error?.issues?.some((issue) => issue.path === parameter), `names ${parameter}: ${JSON.stringify(response.body)}`);
          }),
        ),
        propertySettings(0x7a11, 60),
      );
    });

    it('answers every bad action body with a 4xx naming the field, never a 5xx (POST /invoices/{n}/pause, /notes, /promise)', async () => {
      const invoice = anInvoice({ invoiceNumber: unique('BI-WS') });
      assert.equal((await api().postInvoice(invoice)).status, 201);
      const action = fc.oneof(
        fc.constantFrom<[string, unknown, string]>(
          ['pause', { until: '2026-11-20' }, 'until'],
          ['pause', { until: '2028-01-01' }, 'until'],
          ['pause', { until: 'soon' }, 'until'],
          ['pause', { until: '2026-12-01', reason: 'x'.repeat(501) }, 'reason'],
          ['notes', { kind: 'sms', text: 'hello' }, 'kind'],
          ['notes', { kind: 'call', text: ' ' }, 'text'],
          ['notes', { kind: 'call', text: 'x'.repeat(2001) }, 'text'],
          ['promise', { date: '2026-11-19' }, 'date'],
          ['promise', { date: '2027-06-01' }, 'date'],
          ['resume', { reason: 42 }, 'reason'],
        ),
        fc.anything().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)).map((value): [string, unknown, string] => ['notes', value, '']),
      );
      await fc.assert(
        fc.asyncProperty(action, async ([name, body, field]) =>
          tally.case(async () => {
            const response = await api().request<ErrorBody>('POST', `/invoices/${invoice.invoiceNumber}/${name}`, JSON.stringify(body) ?? 'null');
            assert.ok(response.status >= 400 && response.status < 500, `${name} ${JSON.stringify(body)} → ${response.status} ${JSON.stringify(response.body)}`);
            if (field !== '') assert.ok(response.body.error?.issues?.some((issue) => issue.path === field), `names ${field}: ${JSON.stringify(response.body)}`);
          }),
        ),
        propertySettings(0x7a12, 60),
      );
    });
  });
});
