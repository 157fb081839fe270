import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { createDocumentClient } from '../shared/kernel/index.js';
import { DynamoReportSource } from '../shared/reports/index.js';
import { agingReport } from '../shared/reports/index.js';
import { ensureTable, startDynamoDb } from '../local/emulators/dynamodb.js';
import { machineLine, publish } from './markers.js';
import { OldReportSource } from './old-report-source.js';
import { seedOldLayout, seedRows } from './report-seed.js';

/**
 * GET /reports/aging at 1k, 10k and 100k invoices on DynamoDB Local (BENCH_REPORT_SIZES to change):
 * the reports function's own handler (zod, the row source, the aging, JSON) invoked as API Gateway
 * would, over report rows seeded as the projector writes them. Before/after at the smaller sizes: the
 * old source (every invoice partition with its timeline, via the tenant's invoice list) on the same
 * invoices, and the two reports must be equal. Best of `RUNS` per size: the machine is shared.
 */
const TABLE = 'bench-reports';
const AS_OF = '2026-12-15';
const RUNS = 3;
const sizes = (process.env['BENCH_REPORT_SIZES'] ?? '1000,10000,100000').split(',').map(Number);
const beforeSizes = new Set(sizes.filter((size) => size <= 10_000));

interface ReportRow {
  invoices: number;
  rowsRead: number;
  ms: number;
  oldMs?: number;
  oldItemsRead?: number;
}

const loadBefore = loadavg()[0]!;
const dynamodb = await startDynamoDb({});
try {
  await ensureTable(dynamodb.endpoint, TABLE);
  Object.assign(process.env, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint, TABLE_NAME: TABLE, POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false', AWS_XRAY_MANUAL_MODE: 'true' });
  const db = createDocumentClient();
  const { createHandler, reportDeps } = await import('../functions/reports/handler.js');
  const handler = createHandler(reportDeps());
  const aging = async (tenantId: string) => {
    const event = { version: '2.0', routeKey: 'GET /reports/aging', rawPath: '/reports/aging', rawQueryString: `asOf=${AS_OF}`, queryStringParameters: { asOf: AS_OF }, headers: { accept: 'application/json' }, requestContext: { authorizer: { lambda: { tenantId } }, http: { method: 'GET', path: '/reports/aging' }, requestId: `bench-${tenantId}` }, isBase64Encoded: false };
    const started = performance.now();
    const response = (await handler(event as never, { awsRequestId: 'bench', functionName: 'reports' } as never)) as { statusCode: number; body: string };
    const ms = performance.now() - started;
    assert.equal(response.statusCode, 200, response.body);
    return { ms, body: JSON.parse(response.body) as { totals: { invoices: number }[] } };
  };
  const best = async (run: () => Promise<number>) => {
    let fastest = Infinity;
    for (let i = 0; i < RUNS; i++) fastest = Math.min(fastest, await run());
    return fastest;
  };

  const results: ReportRow[] = [];
  let seeded = 0;
  for (const size of sizes) {
    // One tenant grows: each size reads the rows of every invoice seeded so far.
    process.stdout.write(`seeding ${size - seeded} report rows…\n`);
    await seedRows(db, TABLE, 'bench-rows', seeded, size);
    seeded = size;
    const first = await aging('bench-rows');
    const rowsRead = (await new DynamoReportSource(db, TABLE).invoices('bench-rows')).length;
    assert.equal(rowsRead, size);
    const ms = Math.min(first.ms, await best(async () => (await aging('bench-rows')).ms));
    const row: ReportRow = { invoices: size, rowsRead, ms };
    if (beforeSizes.has(size)) {
      const tenantId = `bench-old-${size}`;
      process.stdout.write(`seeding ${size} invoices in the old layout…\n`);
      await seedOldLayout(db, TABLE, tenantId, size);
      const old = new OldReportSource(db, TABLE);
      const timeOld = async () => {
        const started = performance.now();
        const invoices = await old.invoices(tenantId);
        const report = agingReport(invoices, AS_OF);
        return { ms: performance.now() - started, report };
      };
      const { report } = await timeOld();
      assert.deepEqual(JSON.parse(JSON.stringify(report)), first.body, 'the rows give exactly the figures the old source gives');
      row.oldMs = await best(async () => (await timeOld()).ms);
      row.oldItemsRead = size * 2 + Math.round(size * 0.8); // list entry + invoice + its events (creation, and a payment or dispute for 80%)
    }
    results.push(row);
    process.stdout.write(`${size} invoices: ${rowsRead} rows read in ${row.ms.toFixed(0)} ms${row.oldMs === undefined ? '' : `; old source ${row.oldMs.toFixed(0)} ms`}\n`);
  }
  await publish('docs/benchmarks.md', 'reports', `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine(loadBefore)} with \`npm run bench -- reports\`.\n\n${reportsTable(results)}`);
} finally {
  await dynamodb.stop();
}

function reportsTable(rows: ReportRow[]): string {
  const lines = [
    '| invoices | rows read | GET /reports/aging (handler, best of 3) | time vs previous size | old source: items read | old source time | old ÷ new |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  rows.forEach((row, index) => {
    const previous = rows[index - 1];
    const growth = previous ? `${(row.ms / previous.ms).toFixed(1)}× for ${(row.rowsRead / previous.rowsRead).toFixed(0)}× rows` : '—';
    const old = row.oldMs === undefined ? '| — | — | —' : `| ${row.oldItemsRead!.toLocaleString('en-US')} | ${(row.oldMs / 1000).toFixed(2)} s | ${(row.oldMs / row.ms).toFixed(1)}×`;
    lines.push(`| ${row.invoices.toLocaleString('en-US')} | ${row.rowsRead.toLocaleString('en-US')} | ${(row.ms / 1000).toFixed(2)} s | ${growth} ${old} |`);
  });
  return lines.join('\n');
}
