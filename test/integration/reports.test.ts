import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDocumentClient } from '../../shared/kernel/index.js';
import { DynamoApiKeyStore } from '../../shared/identity/index.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

/** Reports over the tenant's stored invoices and payments, through the HTTP API of the embedded stack. */
describe('reports on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const customer = (id: string) => ({ id, name: `Customer ${id}`, email: `ap@${id.toLowerCase()}.example`, timezone: 'UTC' });
  const r1 = anInvoice({ customer: customer('RC-1'), issueDate: '2026-09-01', dueDate: '2026-10-01', currency: 'EUR', amount: 100000 });
  const r2 = anInvoice({ customer: customer('RC-1'), issueDate: '2026-10-01', dueDate: '2026-10-31', currency: 'EUR', amount: 50000 });
  const r3 = anInvoice({ customer: customer('RC-2'), issueDate: '2026-11-01', dueDate: '2026-12-01', currency: 'EUR', amount: 40000 });
  const r4 = anInvoice({ customer: customer('RC-2'), issueDate: '2026-08-01', dueDate: '2026-08-15', currency: 'USD', amount: 70000 });

  async function seed() {
    for (const invoice of [r1, r2, r3, r4]) assert.equal((await api().postInvoice(invoice)).status, 201);
    assert.equal((await api().postPayment({ invoiceNumber: r2.invoiceNumber, amount: 20000, currency: 'EUR', paidAt: '2026-11-10' })).status, 201);
    assert.equal((await api().postPayment({ invoiceNumber: r4.invoiceNumber, amount: 70000, currency: 'USD', paidAt: '2026-08-25' })).status, 201);
  }

  it('ages the open balances by currency, for the tenant and per customer', async () => {
    await seed();
    const aging = await api().request<{ asOf: string; totals: { currency: string; buckets: Record<string, number>; total: number }[]; customers: { customerId: string; total: number }[] }>(
      'GET',
      '/reports/aging?asOf=2026-11-20',
    );
    assert.equal(aging.status, 200);
    assert.deepEqual(aging.body.totals, [
      // r3 not yet due; r2's 300.00 left 20 days overdue; r1 50 days overdue; r4 (USD) paid
      { currency: 'EUR', buckets: { current: 40000, '1-30': 30000, '31-60': 100000, '61-90': 0, '90+': 0 }, counts: { current: 1, '1-30': 1, '31-60': 1, '61-90': 0, '90+': 0 }, total: 170000, invoices: 3 },
    ]);
    assert.deepEqual(aging.body.customers.map((row) => [row.customerId, row.total]), [['RC-1', 130000], ['RC-2', 40000]]);

    const before = await api().request<{ totals: { currency: string; total: number }[] }>('GET', '/reports/aging?asOf=2026-08-20');
    assert.deepEqual(before.body.totals.map((row) => [row.currency, row.total]), [['USD', 70000]], 'as it was in August: only r4 issued, not yet paid');
  });

  it('computes days late, share paid late, DSO and CEI for a period, and per customer', async () => {
    const response = await api().request<{
      days: number;
      invoicesIssued: number;
      invoicesSettled: number;
      averageDaysLate: number;
      sharePaidLate: number;
      disputeRate: number;
      currencies: { currency: string; creditSales: number; collected: number; receivablesEnd: number; dso: number; cei: number }[];
      customers: { customerId: string; invoicesIssued: number }[];
    }>('GET', '/reports/kpis?from=2026-08-01&to=2026-11-20&by=customer');
    assert.equal(response.status, 200);
    const body = response.body;
    assert.equal(body.days, 112);
    assert.equal(body.invoicesIssued, 4);
    assert.equal(body.invoicesSettled, 1);
    assert.equal(body.averageDaysLate, 10);
    assert.equal(body.sharePaidLate, 100);
    assert.equal(body.disputeRate, 0);
    const eur = body.currencies.find((row) => row.currency === 'EUR');
    assert.deepEqual(
      { creditSales: eur?.creditSales, collected: eur?.collected, receivablesEnd: eur?.receivablesEnd, dso: eur?.dso, cei: eur?.cei },
      // DSO 1700/1900 × 112 days; CEI (0 + 1900 − 1700) / (0 + 1900 − 400)
      { creditSales: 190000, collected: 20000, receivablesEnd: 170000, dso: 100.21, cei: 13.33 },
    );
    assert.deepEqual(body.customers.map((row) => [row.customerId, row.invoicesIssued]), [['RC-1', 2], ['RC-2', 2]]);
  });

  it('answers CSV for ?format=csv and for Accept: text/csv', async () => {
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${stack().apiUrl}${path}`, { headers: { authorization: `Bearer ${stack().apiKey}`, ...headers } });
    const aging = await get('/reports/aging?asOf=2026-11-20&format=csv');
    assert.equal(aging.status, 200);
    assert.match(aging.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = (await aging.text()).trimEnd().split('\r\n');
    assert.equal(lines[1], '2026-11-20,tenant,,EUR,400.00,300.00,1000.00,0.00,0.00,1700.00,3');

    const kpis = await get('/reports/kpis?from=2026-08-01&to=2026-11-20&interval=month', { accept: 'text/csv' });
    assert.equal(kpis.status, 200);
    const rows = (await kpis.text()).trimEnd().split('\r\n');
    assert.ok(rows[0]?.startsWith('from,to,customerId,invoicesIssued'));
    assert.ok(rows.some((row) => row.startsWith('2026-11-01,2026-11-20,')), 'a partial November');
  });

  it('answers 422 naming the parameter for a bad date or an inverted period', async () => {
    const bad = await api().request<{ error: { issues: { path: string }[] } }>('GET', '/reports/aging?asOf=2026-13-01');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.issues[0]?.path, 'asOf');
    const inverted = await api().request<{ error: { issues: { path: string }[] } }>('GET', '/reports/kpis?from=2026-11-20&to=2026-11-01');
    assert.equal(inverted.status, 422);
  });

  it('shows another tenant nothing of these invoices', async () => {
    await new DynamoApiKeyStore(createDocumentClient(), process.env['TABLE_NAME']!).put('reports-other-tenant-key-0123456789', 'reports-other', 'test');
    const aging = await api().withKey('reports-other-tenant-key-0123456789').request<{ totals: unknown[]; customers: unknown[] }>('GET', '/reports/aging?asOf=2026-11-20');
    assert.equal(aging.status, 200);
    assert.deepEqual([aging.body.totals, aging.body.customers], [[], []]);
  });
});
