import { loadavg } from 'node:os';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createDocumentClient } from '../shared/kernel/index.js';
import { startLocalStack } from '../local/stack.js';
import type { ImportReport } from '../shared/imports/index.js';
import { workflowStarterPacing } from '../wiring/workflow-starter.js';
import { apiInvoices, postInBatches } from './api-ingest.js';
import { invoiceCsv } from './generate.js';
import { rawBatchWrite, rawSameItemsWrite } from './raw-batch-write.js';
import { sampleRss } from './usage.js';
import { machineLine } from './markers.js';
import { writeIngestResults, writeResults, type BenchRow, type IngestRow } from './results.js';

/**
 * `npm run bench -- ingest` (a script: bench/run.ts runs it in its own process), on the embedded stack
 * with a virtual clock, measuring raw BatchWriteItem into the same DynamoDB Local in the same run as the
 * floor to compare with:
 * 1. API ingest (issue 7): BENCH_API_ROWS (default 10,000) invoices POSTed to /invoices in batches of 500;
 * 2. file imports (issue 5): generated files of BENCH_SIZES rows (default 1000,10000,100000) dropped into
 *    s3rver (s3rver event → import-file handler → DynamoDB Local).
 * Workflows start from the table's stream at the pace the CDK app gives one starter (40/s), behind the
 * writes, as on AWS. BENCH_OUT=- prints instead of writing docs/benchmarks.md.
 */
const sizes = (process.env['BENCH_SIZES'] ?? '1000,10000,100000').split(',').filter(Boolean).map(Number);
const apiRows = Number(process.env['BENCH_API_ROWS'] ?? 10_000);
const stack = await startLocalStack({ port: 0, clock: 'virtual', clockStart: new Date('2027-01-01T00:00:00Z'), logLevel: 'SILENT', workflowStartsPerSecond: workflowStarterPacing.startsPerSecond });
const s3 = new S3Client({ endpoint: stack.endpoints.s3, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const db = createDocumentClient();
const rows: BenchRow[] = [];
const ingest: IngestRow[] = [];
const workflows = () => stack.stateMachine.list().length;
// Other work on the machine skews every figure: the load average before and after says how much.
const loadBefore = loadavg()[0]!;
try {
  // DynamoDB Local's JVM runs its first few thousand writes several times slower (JIT): warm it up,
  // unrecorded, so the first floor is not measured cold (it was: 940 rows/s against 3,300 later).
  await rawBatchWrite(db, 'arflow-local', 5000, 'W');
  await rawSameItemsWrite(db, 'arflow-local', 2000, 'WS');
  if (apiRows > 0) {
    // Each floor is measured first, with nothing running behind it; then the phase itself.
    const rawMs = await rawBatchWrite(db, 'arflow-local', apiRows, 'A');
    const rawSameItemsMs = await rawSameItemsWrite(db, 'arflow-local', apiRows, 'AS');
    const before = workflows();
    const rss = sampleRss();
    const { ms: apiMs, retries } = await postInBatches(stack.apiUrl, stack.apiKey, apiInvoices(apiRows, 'A'));
    const peakRss = rss.stop();
    const startedByThen = workflows() - before;
    ingest.push({ rows: apiRows, apiMs, rawMs, rawSameItemsMs, peakRssBytes: peakRss, workflowsStartedByThen: startedByThen, retries });
    process.stdout.write(`API ingest ${apiRows}: ${Math.round(apiRows / (apiMs / 1000))} rows/s, raw BatchWriteItem ${Math.round(apiRows / (rawMs / 1000))} rows/s, ratio ${(rawMs / apiMs).toFixed(2)}; the same items raw ${Math.round(apiRows / (rawSameItemsMs / 1000))} rows/s, ratio ${(rawSameItemsMs / apiMs).toFixed(2)}; peak RSS ${Math.round(peakRss / 2 ** 20)} MiB, ${startedByThen} workflows started meanwhile; ${retries} request(s) retried\n`);
  }
  for (const [index, size] of sizes.entries()) {
    const prefix = `B${index}`;
    const file = invoiceCsv(size, prefix);
    // The previous phase's workflows finish starting (untimed, at the starter's 40/s): no phase pays
    // for another's backlog. The last phase's are left to start after the run.
    await stack.workflowsStarted();
    const rawMs = await rawBatchWrite(db, 'arflow-local', size, prefix);
    const key = `incoming/${stack.tenantId}/invoices/bench-${size}.csv`;
    const before = workflows();
    const rss = sampleRss();
    const started = performance.now();
    await s3.send(new PutObjectCommand({ Bucket: stack.importBucket, Key: key, Body: file }));
    await stack.importsIdle();
    const wallMs = performance.now() - started;
    const peakRss = rss.stop();
    const startedByThen = workflows() - before;
    const report = await readReport(s3, stack.importBucket, `reports/${stack.tenantId}/invoices/bench-${size}.csv.json`);
    if (report.status !== 'completed' || report.counts.imported !== size) throw new Error(`bench-${size}: ${JSON.stringify(report.counts)} ${report.status} ${JSON.stringify(report.error)}`);
    rows.push({ rows: size, wallMs, processingMs: report.timings.processingMs, invocations: report.timings.invocations, peakRssBytes: peakRss, rawMs, bytes: file.length, workflowsStartedByThen: startedByThen });
    process.stdout.write(`${size} rows: ${Math.round(size / (wallMs / 1000))} rows/s (wall ${Math.round(wallMs)} ms), raw BatchWriteItem ${Math.round(size / (rawMs / 1000))} rows/s, peak RSS ${Math.round(peakRss / 2 ** 20)} MiB, ${startedByThen} workflows started meanwhile\n`);
  }
} finally {
  await stack.stop();
}
const machine = machineLine(loadBefore);
const command = `BENCH_API_ROWS=${apiRows} BENCH_SIZES=${sizes.join(',')} npm run bench`;
if (ingest.length > 0) await writeIngestResults(ingest, { machine, command });
if (rows.length > 0) await writeResults(rows, { machine, command });

async function readReport(client: S3Client, bucket: string, key: string): Promise<ImportReport> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse((await Body?.transformToString('utf8')) ?? 'null') as ImportReport;
}
