import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * `BENCH=bundles,latency,cost npm run bench` runs only the named benchmarks; unset (or `all`) runs
 * every one. Each of these runs in its own Node process: one embedded stack per process (it sets
 * AWS_ENDPOINT_URL_*), and no benchmark measures what the previous one left behind.
 */
const chosen = (process.env['BENCH'] ?? 'all').split(',').map((name) => name.trim());
export const isSelected = (name: string) => chosen.includes('all') || chosen.includes(name);

const isolatedBenchmarks = { bundles: 'bundles.ts', latency: 'latency.ts', cost: 'cost.ts' } as const;

export async function runIsolatedBenchmarks(): Promise<void> {
  for (const [name, file] of Object.entries(isolatedBenchmarks)) {
    if (!isSelected(name)) continue;
    process.stdout.write(`\n== ${name} ==\n`);
    const script = fileURLToPath(new URL(file, import.meta.url));
    const child = spawn(process.execPath, [...process.execArgv, script], { stdio: 'inherit', env: process.env });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`benchmark ${name} failed (exit ${code})`);
  }
}
