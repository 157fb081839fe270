import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDocumentClient } from '../../shared/kernel/index.js';
import { DynamoReportRowStore } from '../../shared/reports/index.js';
import { streamPosition, type ReportRowStore } from '../../shared/reports/index.js';
import type { ReportInvoice } from '../../shared/reports/index.js';
import { ensureTable, startDynamoDb, type DynamoDbEmulator } from '../../local/emulators/dynamodb.js';
import { InMemoryReportRowStore } from '../../shared/reports/index.js';

/**
 * The report row store's contract: the same cases against DynamoDB Local (the deployed adapter) and
 * the in-memory adapter, so the two cannot drift. Each case uses its own tenant.
 */
const TABLE = 'contract-report-rows';

const row = (invoiceNumber: string, overrides: Partial<ReportInvoice> = {}): ReportInvoice => ({
  invoiceNumber,
  customerId: 'C-1',
  currency: 'EUR',
  amount: 125000,
  issueDate: '2026-10-01',
  dueDate: '2026-10-31',
  payments: [],
  ...overrides,
});

function contract(name: string, open: () => Promise<ReportRowStore>): void {
  describe(`report rows (${name})`, () => {
    let store: ReportRowStore;
    before(async () => {
      store = await open();
    });

    it('answers undefined for an invoice without a row', async () => {
      assert.equal(await store.get('t-none', 'INV-1'), undefined);
    });

    it('stores a row with every optional part and gives it back as written', async () => {
      const full = row('INV-1', {
        payments: [{ date: '2026-11-02', amount: 5000 }],
        disputedAt: '2026-11-03',
        closedAt: '2026-11-04',
        promises: [{ madeAt: '2026-11-01', date: '2026-11-15' }],
        pendingEscalation: { escalationId: 'e1', escalatedAt: '2026-11-05T09:00:00.000Z', expiresAt: '2026-11-10T09:00:00.000Z', approvers: ['a@b.example'], balance: 120000 },
      });
      assert.equal(await store.put('t-full', { row: full, position: streamPosition('100') }), 'written');
      assert.deepEqual(await store.get('t-full', 'INV-1'), { row: full, position: streamPosition('100') });
    });

    it('refuses a row built after an earlier change than the stored one, and takes a redelivery of the same change', async () => {
      assert.equal(await store.put('t-order', { row: row('INV-1', { amount: 2 }), position: streamPosition('200') }), 'written');
      assert.equal(await store.put('t-order', { row: row('INV-1', { amount: 1 }), position: streamPosition('99') }), 'stale');
      assert.equal((await store.get('t-order', 'INV-1'))?.row.amount, 2, 'the later figures stay');
      assert.equal(await store.put('t-order', { row: row('INV-1', { amount: 3 }), position: streamPosition('200') }), 'written');
      assert.equal(await store.put('t-order', { row: row('INV-1', { amount: 4 }), position: streamPosition('1000') }), 'written', 'positions compare as numbers: 1000 after 200');
      assert.equal((await store.get('t-order', 'INV-1'))?.row.amount, 4);
    });

    it("lists every row of a tenant across its shards, and none of another tenant's", async () => {
      const numbers = Array.from({ length: 60 }, (_, i) => `INV-${i}`);
      for (const number of numbers) await store.put('t-list', { row: row(number), position: streamPosition('1') });
      await store.put('t-list-other', { row: row('INV-X'), position: streamPosition('1') });
      assert.deepEqual((await store.list('t-list')).map((listed) => listed.invoiceNumber).sort(), [...numbers].sort());
      assert.deepEqual(await store.list('t-list-empty'), []);
    });

    it("lists one customer's rows, and a row follows its invoice to another customer", async () => {
      await store.put('t-cust', { row: row('INV-1', { customerId: 'A' }), position: streamPosition('1') });
      await store.put('t-cust', { row: row('INV-2', { customerId: 'A' }), position: streamPosition('1') });
      await store.put('t-cust', { row: row('INV-3', { customerId: 'B' }), position: streamPosition('1') });
      await store.put('t-cust-other', { row: row('INV-9', { customerId: 'A' }), position: streamPosition('1') });
      assert.deepEqual((await store.list('t-cust', { customerId: 'A' })).map((listed) => listed.invoiceNumber).sort(), ['INV-1', 'INV-2']);
      await store.put('t-cust', { row: row('INV-2', { customerId: 'B' }), position: streamPosition('2') });
      assert.deepEqual((await store.list('t-cust', { customerId: 'A' })).map((listed) => listed.invoiceNumber), ['INV-1']);
      assert.deepEqual((await store.list('t-cust', { customerId: 'B' })).map((listed) => listed.invoiceNumber).sort(), ['INV-2', 'INV-3']);
    });

    it('gives copies: changing a listed or read row changes nothing stored', async () => {
      await store.put('t-copy', { row: row('INV-1'), position: streamPosition('1') });
      (await store.list('t-copy'))[0]!.payments.push({ date: '2026-01-01', amount: 1 });
      (await store.get('t-copy', 'INV-1'))!.row.payments.push({ date: '2026-01-01', amount: 1 });
      assert.deepEqual((await store.get('t-copy', 'INV-1'))?.row.payments, []);
    });
  });
}

let dynamodb: DynamoDbEmulator | undefined;
contract('DynamoDB Local', async () => {
  dynamodb = await startDynamoDb({});
  await ensureTable(dynamodb.endpoint, TABLE);
  Object.assign(process.env, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint });
  return new DynamoReportRowStore(createDocumentClient(), TABLE);
});
contract('in memory', async () => new InMemoryReportRowStore());
after(async () => {
  await dynamodb?.stop();
});
