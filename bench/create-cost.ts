import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCustomerRepository } from '../shared/customers/index.js';
import { DynamoInvoiceBatchStore } from '../shared/imports/index.js';
import { DynamoInvoiceRepository, DynamoPaymentReferences } from '../shared/invoicing/index.js';
import { DynamoPolicyRepository } from '../shared/policies/index.js';
import { invoiceInputSchema, type InvoiceInput } from '../shared/invoicing/index.js';
import { ingestInvoices } from '../shared/imports/index.js';
import { LocalClock } from '../local/clock.js';
import { ensureTable, startDynamoDb } from '../local/emulators/dynamodb.js';
import { startDynamoDbMeterProxy } from '../local/metering/dynamodb-meter-proxy.js';
import { LocalMeter, meterDelta, type MeterSnapshot } from '../local/metering/local-meter.js';
import { publish } from './markers.js';

/**
 * `npm run bench -- create`: the write units one new invoice costs, and nothing else (no workflow, no
 * API key lookup): `ingestInvoices` over the DynamoDB adapters on a DynamoDB Local behind the local
 * meter (which counts index writes and doubled transaction units as DynamoDB Local reports them).
 * BENCH_CREATE_INVOICES (default 200) invoices one per call, as the cost bench's POST /invoices, then
 * the same number in one batch; then one per call with every customer on credit hold (a second creation
 * event, so the invoice goes in a transaction with it). BENCH_OUT=- prints instead of writing docs/benchmarks.md.
 */
const count = Number(process.env['BENCH_CREATE_INVOICES'] ?? 200);
const TABLE = 'arflow-create-bench';
const emulator = await startDynamoDb({});
await ensureTable(emulator.endpoint, TABLE);
const meter = new LocalMeter();
const proxy = await startDynamoDbMeterProxy(emulator.endpoint, meter);
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), {
  marshallOptions: { removeUndefinedValues: true },
});
const customers = new DynamoCustomerRepository(db, TABLE);
const deps = { invoices: new DynamoInvoiceRepository(db, TABLE), paymentReferences: new DynamoPaymentReferences(db, TABLE), invoiceBatch: new DynamoInvoiceBatchStore(db, TABLE), policies: new DynamoPolicyRepository(db, TABLE), customers, clock: new LocalClock('real', new Date()) };

const inputs = (prefix: string): InvoiceInput[] =>
  Array.from({ length: count }, (_, i) =>
    invoiceInputSchema.parse({
      invoiceNumber: `${prefix}-${String(i).padStart(6, '0')}`,
      customer: { id: `${prefix}-C${i % 50}`, name: 'Bench Customer Ltd', email: `ap+${i % 50}@customer.example`, timezone: 'UTC', locale: 'en-GB' },
      issueDate: '2027-01-04',
      dueDate: '2027-02-03',
      currency: 'EUR',
      amount: 10_000 + i,
      poNumber: `PO-${i}`,
      metadata: { costCenter: 'CC-1' },
    }),
  );

interface Phase { name: string; delta: MeterSnapshot }
const phases: Phase[] = [];
async function measure(name: string, run: () => Promise<unknown>): Promise<void> {
  const before = meter.snapshot();
  await run();
  phases.push({ name, delta: meterDelta(before, meter.snapshot()) });
}

try {
  await measure('one invoice per call (as POST /invoices one by one)', async () => {
    for (const input of inputs('ONE')) await ingestInvoices(deps, 'bench', [input]);
  });
  await measure('one batch', () => ingestInvoices(deps, 'bench', inputs('BATCH')));
  const held = inputs('HOLD');
  for (const customerId of new Set(held.map((input) => input.customer.id))) await customers.placeCreditHold('bench', customerId, { since: '2027-01-01', reason: 'bench', by: 'bench' });
  // One per call: DynamoDB Local reports one TransactWriteItems of many invoices as if it held one (checked: 1, 2, 10 and 50
  // invoices with an event each all report 8 units), so only a transaction of one invoice is counted right.
  await measure('one invoice per call, its customer on credit hold (a second creation event: a transaction)', async () => {
    for (const input of held) await ingestInvoices(deps, 'bench', [input]);
  });
} finally {
  db.destroy();
  await proxy.stop();
  await emulator.stop();
}

const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- create\` (\`bench/create-cost.ts\`): ${count} new invoices per row through \`ingestInvoices\` on the DynamoDB adapters, DynamoDB Local behind the local meter (index writes and transaction doubling included, as DynamoDB Local reports them); no workflow, no API.`,
  '',
  '| how | WRU per created invoice | RRU per created invoice | DynamoDB requests per invoice |',
  '| --- | ---: | ---: | --- |',
  ...phases.map(({ name, delta }) => {
    const requests = Object.entries(delta.dynamodb.requests).sort(([a], [b]) => a.localeCompare(b)).map(([operation, n]) => `${operation} ${(n / count).toFixed(2)}`).join(', ');
    return `| ${name} | ${(delta.dynamodb.writeUnits / count).toFixed(2)} | ${(delta.dynamodb.readUnits / count).toFixed(2)} | ${requests} |`;
  }),
];
await publish('docs/benchmarks.md', 'create', lines.join('\n'));
