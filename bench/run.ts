import { arch, cpus, loadavg, totalmem } from 'node:os';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createDocumentClient } from '../shared/adapters/aws-clients.js';
import { startLocalStack } from '../local/stack.js';
import type { ImportReport } from '../shared/use-cases/import-file.js';
import { invoiceCsv } from './generate.js';
import { rawBatchWrite } from './raw-batch-write.js';
import { sampleRss } from './rss-sampler.js';
import { writeResults, type BenchRow } from './results.js';
import { runNamedBenches } from './named-benches.js';
import { isSelected, runIsolatedBenchmarks } from './select.js';

// `npm run bench -- simulator lifecycle` (or BENCH=simulator,lifecycle) runs only those (bench/named-benches.ts);
// BENCH=bundles,latency,cost,ingest picks the others (bench/select.ts); the import benchmark below is `ingest`.
if (await runNamedBenches(process.argv.slice(2))) process.exit(0);
await runIsolatedBenchmarks();
if (!isSelected('ingest')) process.exit(0);

/**
 * `npm run bench`: imports generated invoice files of 1k, 10k and 100k rows through the real import
 * path (s3rver event → import-file handler → DynamoDB Local + the local Step Functions runtime) on the
 * embedded stack with a virtual clock, and measures raw BatchWriteItem into the same DynamoDB Local in
 * the same run. BENCH_SIZES=1000,10000 picks sizes; BENCH_OUT=- prints instead of writing docs/benchmarks.md.
 */
// `npm run bench -- simulator lifecycle` (or BENCH=...): the policy simulator and lifecycle benchmarks instead.
const sizes = (process.env['BENCH_SIZES'] ?? '1000,10000,100000').split(',').map(Number);
const stack = await startLocalStack({ port: 0, clock: 'virtual', clockStart: new Date('2027-01-01T00:00:00Z'), logLevel: 'SILENT' });
const s3 = new S3Client({ endpoint: stack.endpoints.s3, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const db = createDocumentClient();
const rows: BenchRow[] = [];
// Other work on the machine skews every figure: the load average before and after says how much.
const loadBefore = loadavg()[0]!;
try {
  for (const [index, size] of sizes.entries()) {
    const prefix = `B${index}`;
    const file = invoiceCsv(size, prefix);
    const key = `incoming/${stack.tenantId}/invoices/bench-${size}.csv`;
    const rss = sampleRss();
    const started = performance.now();
    await s3.send(new PutObjectCommand({ Bucket: stack.importBucket, Key: key, Body: file }));
    await stack.importsIdle();
    const wallMs = performance.now() - started;
    const peakRss = rss.stop();
    const report = await readReport(s3, stack.importBucket, `reports/${stack.tenantId}/invoices/bench-${size}.csv.json`);
    if (report.status !== 'completed' || report.counts.imported !== size) throw new Error(`bench-${size}: ${JSON.stringify(report.counts)} ${report.status} ${JSON.stringify(report.error)}`);
    const rawMs = await rawBatchWrite(db, 'arflow-local', size, prefix);
    rows.push({ rows: size, wallMs, processingMs: report.timings.processingMs, invocations: report.timings.invocations, peakRssBytes: peakRss, rawMs, bytes: file.length });
    process.stdout.write(`${size} rows: ${Math.round(size / (wallMs / 1000))} rows/s (wall ${Math.round(wallMs)} ms), raw BatchWriteItem ${Math.round(size / (rawMs / 1000))} rows/s, peak RSS ${Math.round(peakRss / 2 ** 20)} MiB\n`);
  }
} finally {
  await stack.stop();
}
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'} (${arch()}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, 1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after`;
await writeResults(rows, { machine, command: `BENCH_SIZES=${sizes.join(',')} npm run bench`, out: process.env['BENCH_OUT'] ?? 'docs/benchmarks.md' });

async function readReport(client: S3Client, bucket: string, key: string): Promise<ImportReport> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse((await Body?.transformToString('utf8')) ?? 'null') as ImportReport;
}
