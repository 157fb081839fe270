import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Every benchmark, by the name `npm run bench -- NAME…` or `BENCH=NAME,…` picks, and its module. Each
 * runs in its own Node process: every one starts its own embedded stack (which sets the process's
 * AWS_ENDPOINT_URL_*), and none should measure what the previous one left behind (memory, JIT, load).
 * The order is the order of `npm run bench` with no names.
 */
export const benchmarks = {
  bundles: 'bundles.ts',
  latency: 'latency.ts',
  cost: 'cost.ts',
  create: 'create-cost.ts',
  ingest: 'ingest.ts',
  simulator: 'simulator.ts',
  lifecycle: 'lifecycle.ts',
  reports: 'reports.ts',
  dashboard: 'dashboard.ts',
  cash: 'cash-application.ts',
} as const;

export type BenchmarkName = keyof typeof benchmarks;

/**
 * The benchmarks asked for, in registry order: the names in argv and in BENCH (comma-separated)
 * together; none, or `all`, is every one. An unknown name is an error, not a benchmark silently skipped.
 */
export function selectedBenchmarks(argv: readonly string[], env: string | undefined): BenchmarkName[] {
  const names = [...argv, ...(env ?? '').split(',')].map((name) => name.trim()).filter(Boolean);
  const known = Object.keys(benchmarks) as BenchmarkName[];
  const unknown = names.filter((name) => name !== 'all' && !(name in benchmarks));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}: pick from ${known.join(', ')} (or all)`);
  if (names.length === 0 || names.includes('all')) return known;
  return known.filter((name) => names.includes(name));
}

export async function runBenchmarks(names: readonly BenchmarkName[]): Promise<void> {
  for (const name of names) {
    process.stdout.write(`\n== ${name} ==\n`);
    const script = fileURLToPath(new URL(benchmarks[name], import.meta.url));
    const child = spawn(process.execPath, [...process.execArgv, script], { stdio: 'inherit', env: process.env });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`benchmark ${name} failed (exit ${code})`);
  }
}
