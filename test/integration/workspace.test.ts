import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { addDays, dateInZone, readEnvironment } from '../../shared/kernel/index.js';
import { apiKeyStore } from '../../functions/_shared/deps.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

interface ListView<T> {
  items: T[];
  nextCursor: string | null;
}
interface InvoiceRow {
  invoiceNumber: string;
  status: string;
  dueDate: string;
  customer: { id: string; name: string; email: string };
  pausedUntil?: string;
  promisedFor?: string;
}
interface ErrorView {
  error: { code: string; issues?: { path: string; message: string }[] };
}

/** The finance workspace's API on the embedded stack (virtual clock): lists that page, and a collector's actions. */
describe('workspace API on the embedded stack', () => {
  const { api } = useLocalStack('2026-11-20T12:00:00.000Z');
  const today = async () => dateInZone(await api().now(), 'UTC');
  const otherKey = 'arf_workspace-test-other-tenant-key';

  before(async () => {
    await apiKeyStore(readEnvironment()).put(otherKey, 'workspace-other', 'workspace test: a second tenant');
  });

  /** Every page of a list, following nextCursor. */
  const allPages = async (path: string, limit: number, between?: (page: number) => Promise<void>) => {
    const seen: InvoiceRow[] = [];
    let cursor: string | null = null as string | null;
    for (let page = 0; page < 100; page++) {
      const separator = path.includes('?') ? '&' : '?';
      const response: { status: number; body: ListView<InvoiceRow> } = await api().request<ListView<InvoiceRow>>('GET', `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.ok(response.body.items.length <= limit);
      seen.push(...response.body.items);
      cursor = response.body.nextCursor;
      if (cursor === null) return seen;
      await between?.(page);
    }
    throw new Error('the list never ended');
  };

  it('pages invoices by due date: every invoice once, in order, while new ones are added between pages', async () => {
    const start = await today();
    const customer = { id: 'WS-PAGE', name: 'Paging Partners Ltd', email: 'ap@paging.example', timezone: 'UTC' };
    // Due dates repeat (7 for 23 invoices): the order must hold among invoices due the same day.
    const invoices = Array.from({ length: 23 }, (_, i) => anInvoice({ invoiceNumber: `WS-P-${String(i).padStart(3, '0')}`, customer, issueDate: start, dueDate: addDays(start, 10 + (i % 7)) }));
    assert.equal((await api().request('POST', '/invoices', { invoices })).status, 200);
    const numbers = invoices.map((invoice) => invoice.invoiceNumber);
    let added = 0;
    const seen = await allPages(`/invoices?customerId=WS-PAGE`, 4, async () => {
      // One due before every page already answered, one after: neither may shift an existing invoice.
      const batch = [start, addDays(start, 30)].map((dueDate) => anInvoice({ invoiceNumber: `WS-P-NEW-${++added}`, customer, issueDate: start, dueDate }));
      assert.equal((await api().request('POST', '/invoices', { invoices: batch })).status, 200);
    });
    const seenNumbers = seen.map((row) => row.invoiceNumber);
    assert.equal(new Set(seenNumbers).size, seenNumbers.length, 'no invoice twice');
    for (const number of numbers) assert.ok(seenNumbers.includes(number), `${number} was listed`);
    const positions = seen.map((row) => `${row.dueDate}#${row.invoiceNumber}`);
    assert.deepEqual(positions, [...positions].sort(), 'in due-date order');
    const descending = await allPages(`/invoices?customerId=WS-PAGE&sort=-dueDate`, 7);
    assert.deepEqual(descending.map((row) => row.invoiceNumber), [...descending].sort((a, b) => (`${a.dueDate}#${a.invoiceNumber}` < `${b.dueDate}#${b.invoiceNumber}` ? 1 : -1)).map((row) => row.invoiceNumber));
    assert.equal(descending.length, numbers.length + added);
  });

  it('filters by status, overdue and search text, and lists customers by name or email', async () => {
    const start = await today();
    const overdue = anInvoice({ invoiceNumber: 'WS-F-LATE', customer: { id: 'WS-SEARCH', name: 'Zebra Findable GmbH', email: 'pay@zebra-find.example', timezone: 'UTC' }, issueDate: addDays(start, -40), dueDate: addDays(start, -10) });
    const paid = anInvoice({ invoiceNumber: 'WS-F-PAID', customer: { id: 'WS-SEARCH', name: 'Zebra Findable GmbH', email: 'pay@zebra-find.example', timezone: 'UTC' }, issueDate: start, dueDate: addDays(start, 5) });
    for (const invoice of [overdue, paid]) assert.equal((await api().postInvoice(invoice)).status, 201);
    assert.equal((await api().postPayment({ invoiceNumber: paid.invoiceNumber, amount: 125000, currency: 'EUR', paidAt: start })).status, 201);

    const found = await allPages('/invoices?q=ZEBRA', 10);
    assert.deepEqual(found.map((row) => row.invoiceNumber).sort(), ['WS-F-LATE', 'WS-F-PAID']);
    assert.deepEqual((await allPages('/invoices?q=zebra&status=paid', 10)).map((row) => row.invoiceNumber), ['WS-F-PAID']);
    assert.deepEqual((await allPages('/invoices?q=zebra&overdue=true', 10)).map((row) => row.invoiceNumber), ['WS-F-LATE']);
    assert.deepEqual((await allPages('/invoices?q=ws-f-late', 10)).map((row) => row.invoiceNumber), ['WS-F-LATE'], 'by invoice number');

    const customers = await api().request<ListView<{ customerId: string; name: string; email: string }>>('GET', '/customers?q=zebra-find');
    assert.deepEqual(customers.body.items.map((item) => [item.customerId, item.name]), [['WS-SEARCH', 'Zebra Findable GmbH']]);
    assert.equal(customers.body.nextCursor, null);
  });

  it('ranks the worklist by an explainable priority: a broken promise and a larger, older balance first; paused invoices are left out', async () => {
    const start = await today();
    const customer = { id: 'WS-WORK', name: 'Worklist Works', email: 'ap@worklist.example', timezone: 'UTC' };
    const invoices = [
      anInvoice({ invoiceNumber: 'WS-W-SMALL', customer, issueDate: addDays(start, -40), dueDate: addDays(start, -5), amount: 5000 }),
      anInvoice({ invoiceNumber: 'WS-W-BIG', customer, issueDate: addDays(start, -90), dueDate: addDays(start, -60), amount: 9_000_000 }),
      anInvoice({ invoiceNumber: 'WS-W-PAUSED', customer, issueDate: addDays(start, -90), dueDate: addDays(start, -60), amount: 9_000_000 }),
    ];
    assert.equal((await api().request('POST', '/invoices', { invoices })).status, 200);
    assert.equal((await api().request('POST', '/invoices/WS-W-PAUSED/pause', { until: addDays(start, 3) })).status, 200);
    interface Ranked {
      invoiceNumber: string;
      priority: { score: number; reasons: { factor: string; points: number }[] };
    }
    const ranked: Ranked[] = [];
    let cursor: string | null = null as string | null;
    do {
      const page: { status: number; body: ListView<Ranked> } = await api().request<ListView<Ranked>>('GET', `/worklist?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      ranked.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    const mine = ranked.filter((item) => item.invoiceNumber.startsWith('WS-W-'));
    assert.deepEqual(mine.map((item) => item.invoiceNumber), ['WS-W-BIG', 'WS-W-SMALL'], 'paused left out, bigger and older first');
    const scores = ranked.map((item) => item.priority.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'highest first over all pages');
    assert.equal(new Set(ranked.map((item) => item.invoiceNumber)).size, ranked.length, 'none twice');
    const big = mine[0]!;
    assert.deepEqual(big.priority.reasons.map((reason) => reason.factor), ['days-overdue', 'amount']);
    assert.equal(big.priority.score, big.priority.reasons.reduce((sum, reason) => sum + reason.points, 0));
    const bad = await api().request<ErrorView>('GET', '/worklist?status=paid');
    assert.deepEqual([bad.status, bad.body.error.issues?.[0]?.path], [422, 'status']);
  });

  it('refuses a bad query and a cursor that was changed, made for other filters or for another tenant, naming the field', async () => {
    for (const [query, field] of [['limit=0', 'limit'], ['limit=abc', 'limit'], ['status=pending', 'status'], ['overdue=yes', 'overdue'], ['sort=amount', 'sort'], ['cursor=forged.sig', 'cursor']] as const) {
      const response = await api().request<ErrorView>('GET', `/invoices?${query}`);
      assert.equal(response.status, 422, query);
      assert.deepEqual(response.body.error.issues?.map((issue) => issue.path), [field], query);
    }
    const first = await api().request<ListView<InvoiceRow>>('GET', '/invoices?limit=1');
    const cursor = first.body.nextCursor;
    assert.ok(cursor);
    const [body, signature] = cursor.split('.');
    const tampered = `${Buffer.from('9999-01-01#X', 'utf8').toString('base64url')}.${signature}`;
    for (const path of [`/invoices?limit=1&cursor=${tampered}`, `/invoices?limit=1&status=open&cursor=${cursor}`, `/customers?limit=1&cursor=${cursor}`]) {
      const response = await api().request<ErrorView>('GET', path);
      assert.deepEqual([response.status, response.body.error.issues?.[0]?.path], [422, 'cursor'], path);
    }
    assert.ok(body);
    const elsewhere = await api().withKey(otherKey).request<ErrorView>('GET', `/invoices?limit=1&cursor=${cursor}`);
    assert.deepEqual([elsewhere.status, elsewhere.body.error.issues?.[0]?.path], [422, 'cursor']);
    const theirs = await api().withKey(otherKey).request<ListView<InvoiceRow>>('GET', '/invoices?q=ws-');
    assert.deepEqual(theirs.body.items, [], 'another tenant lists none of them');
  });

  it('a collector logs a call, pauses until next week (nothing is sent meanwhile), records a phone promise and resumes', async () => {
    const start = await today();
    const invoice = anInvoice({ invoiceNumber: 'WS-ACT-1', customer: { id: 'WS-ACT', name: 'Action Ltd', email: 'ap@action.example', timezone: 'UTC' }, issueDate: addDays(start, -30), dueDate: addDays(start, 2) });
    assert.equal((await api().postInvoice(invoice)).status, 201);

    const call = await api().request<{ event: { type: string; detail: { by: string } } }>('POST', '/invoices/WS-ACT-1/notes', { kind: 'call', text: 'Spoke to AP: invoice approved, payment run next week' });
    assert.equal(call.status, 201, JSON.stringify(call.body));
    assert.deepEqual([call.body.event.type, call.body.event.detail.by], ['collector.call-logged', 'local demo key']);

    const until = addDays(start, 7);
    const paused = await api().request<{ invoice: { pausedUntil?: string } }>('POST', '/invoices/WS-ACT-1/pause', { until, reason: 'payment run next week' });
    assert.equal(paused.status, 200, JSON.stringify(paused.body));
    const pausedAt = (await api().now()).toISOString();
    // The policy reminds before and after the due date (2 days away): a paused invoice gets none of them.
    await api().advanceDays(6);
    const sentWhilePaused = (await api().emailsFor('WS-ACT-1')).filter((email) => (email.headers['X-Arflow-Sent-At'] ?? '') > pausedAt);
    assert.deepEqual(sentWhilePaused.map((email) => email.headers['X-Arflow-Stage']), [], 'no reminder while paused (one sent before the pause may be in the list)');

    const promised = await api().request<{ invoice: { promise?: { date: string } } }>('POST', '/invoices/WS-ACT-1/promise', { date: addDays(await today(), 3) });
    assert.equal(promised.status, 201, JSON.stringify(promised.body));
    const resumedAt = (await api().now()).toISOString();
    const resumed = await api().request('POST', '/invoices/WS-ACT-1/resume');
    assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
    const again = await api().request<ErrorView>('POST', '/invoices/WS-ACT-1/resume');
    assert.deepEqual([again.status, again.body.error.code], [409, 'invoice_not_paused']);

    const view = await api().getInvoice('WS-ACT-1');
    const types = view.body.timeline.map((event) => event.type);
    for (const type of ['collector.call-logged', 'collection.paused', 'promise.made', 'collection.resumed']) assert.ok(types.includes(type), `${type} on the timeline: ${types.join(', ')}`);
    assert.equal(view.body.timeline.find((event) => event.type === 'collection.resumed')?.detail?.['by'], 'local demo key');
    // After the resume, collection plans again: the promise date passes unpaid and reminders follow.
    await api().advanceDays(10);
    const sentAfterResume = (await api().emailsFor('WS-ACT-1')).filter((email) => (email.headers['X-Arflow-Sent-At'] ?? '') >= resumedAt);
    assert.ok(sentAfterResume.length > 0, 'reminders go out again once resumed');
  });

  it('refuses bad action bodies with the field, an unknown invoice with 404 and another tenant\'s invoice as unknown', async () => {
    const start = await today();
    const invoice = anInvoice({ invoiceNumber: 'WS-BAD-1', issueDate: start, dueDate: addDays(start, 5) });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const cases: [string, unknown, string][] = [
      ['pause', { until: start }, 'until'],
      ['pause', { until: 'next week' }, 'until'],
      ['pause', { until: addDays(start, 400) }, 'until'],
      ['notes', { kind: 'email', text: 'x' }, 'kind'],
      ['notes', { kind: 'note', text: '' }, 'text'],
      ['promise', { date: addDays(start, -1) }, 'date'],
      ['promise', { date: addDays(start, 90) }, 'date'],
    ];
    for (const [action, body, field] of cases) {
      const response = await api().request<ErrorView>('POST', `/invoices/WS-BAD-1/${action}`, body);
      assert.deepEqual([response.status, [...new Set(response.body.error.issues?.map((issue) => issue.path))]], [422, [field]], `${action} ${JSON.stringify(body)}`);
    }
    const unknown = await api().request('POST', '/invoices/NO-SUCH-1/notes', { kind: 'note', text: 'hello' });
    assert.equal(unknown.status, 404);
    const foreign = await api().withKey(otherKey).request('POST', '/invoices/WS-BAD-1/pause', { until: addDays(start, 3) });
    assert.equal(foreign.status, 404);
  });
});
