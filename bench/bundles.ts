import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { commonEnvironment } from '../infra/constructs/functions.js';
import { bundleFunctions, type FunctionBundle } from './bundles/build-functions.js';
import { publish } from './markers.js';

const run = promisify(execFile);

/** Above this, a bundle is flagged: see docs/benchmarks.md (the reasons sit beside the table). */
export const flagBytes = 1024 * 1024;

/** What every function may read at cold start; init must not fail for want of a variable. */
const coldStartEnvironment = {
  ...commonEnvironment,
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'arflow-bench',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:arflow-bench',
  SENDER_EMAIL: 'collections@bench.example',
  SES_CONFIGURATION_SET: 'arflow-bench',
  PUBLIC_API_URL: 'https://api.bench.example',
  EVENT_BUS_NAME: 'arflow-bench',
};

interface BundleMeasurement extends FunctionBundle {
  gzipBytes: number;
  initMs: number;
}

/**
 * Bundles every functions/<name>/handler.ts with the CDK app's esbuild options, then imports each
 * bundle in a fresh Node process (BENCH_INIT_RUNS times, default 3, median) and times the import:
 * module evaluation including the SDK clients a handler makes at load, not the Node process start.
 */
export async function runBundleBench(): Promise<BundleMeasurement[]> {
  const outdir = await mkdtemp(join(tmpdir(), 'arflow-bundles-'));
  try {
    const bundles = await bundleFunctions(outdir);
    const empty = join(outdir, 'empty.mjs');
    await writeFile(empty, 'export const handler = async () => null;\n');
    const runs = Number(process.env['BENCH_INIT_RUNS'] ?? 3);
    const emptyMs = await medianInitMs(empty, runs);
    const measured: BundleMeasurement[] = [];
    for (const bundle of bundles) {
      measured.push({ ...bundle, gzipBytes: gzipSync(readFileSync(bundle.outfile)).length, initMs: await medianInitMs(bundle.outfile, runs) });
      process.stdout.write(`bundle ${bundle.name}: ${kib(bundle.bytes)} KiB, init ${measured.at(-1)!.initMs.toFixed(0)} ms\n`);
    }
    measured.sort((a, b) => b.bytes - a.bytes);
    await publish('docs/benchmarks.md', 'bundles', bundleTable(measured, emptyMs, runs));
    return measured;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

async function medianInitMs(file: string, runs: number): Promise<number> {
  const script = 'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';
  const times: number[] = [];
  for (let attempt = 0; attempt < runs; attempt++) {
    const { stdout } = await run(process.execPath, ['--enable-source-maps', '--no-warnings', '--input-type=module', '-e', script, file], {
      env: { PATH: process.env['PATH'], ...coldStartEnvironment },
    });
    times.push(Number(stdout));
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const kib = (bytes: number) => (bytes / 1024).toFixed(0);

function bundleTable(bundles: BundleMeasurement[], emptyMs: number, runs: number): string {
  const largest = bundles[0]!;
  const flagged = bundles.filter((bundle) => bundle.bytes > flagBytes);
  const top = (bundle: FunctionBundle) =>
    Object.entries(bundle.inputsByPackage)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([name, bytes]) => `${name} ${kib(bytes)}`)
      .join(', ');
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`BENCH=bundles npm run bench\` on Node ${process.version} (${process.arch}); init = median of ${runs} imports in a fresh process, an empty module takes ${emptyMs.toFixed(1)} ms.`,
    `Largest: **${largest.name}**, ${kib(largest.bytes)} KiB minified (${kib(largest.gzipBytes)} KiB gzipped). Over the ${kib(flagBytes)} KiB flag: ${flagged.length ? flagged.map((bundle) => `**${bundle.name}**`).join(', ') : 'none'}.`,
    '',
    '| function | minified | gzipped | source map | init (ms) | init ÷ health | largest inputs (KiB in the bundle) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...bundles.map((bundle) => {
      const health = bundles.find((candidate) => candidate.name === 'health')!;
      return `| ${bundle.name}${bundle.bytes > flagBytes ? ' ⚑' : ''} | ${kib(bundle.bytes)} KiB | ${kib(bundle.gzipBytes)} KiB | ${kib(bundle.mapBytes)} KiB | ${bundle.initMs.toFixed(0)} | ${(bundle.initMs / health.initMs).toFixed(1)} | ${top(bundle)} |`;
    }),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) await runBundleBench();
