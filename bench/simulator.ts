import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readHistoryFile, type HistoryRow } from '../shared/imports/index.js';
import { replayHistory, type SimulatedPolicy } from '../local/simulator.js';
import { startLocalStack } from '../local/stack.js';
import type { LocalStore } from '../local/memory-store.js';
import { scaleHistory } from './history-generator.js';
import { machineLine, publish } from './markers.js';
import { measureUsage } from './usage.js';
import { sampleHistoryFile } from '../local/sample-data.js';

const policyFile = (name: string) => fileURLToPath(new URL(`../docs/policies/${name}.json`, import.meta.url));

interface SimulatorRun {
  label: string;
  store: LocalStore;
  /** How many times the sample (1 for the sample itself; 0 for a slice of it). */
  scale: number;
  invoices: number;
  policies: number;
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
  noticesSent: number;
  /** 1-minute load average when the replay started and ended: the machine is shared, so wall time says little without it. */
  loadBefore: number;
  loadAfter: number;
}

/**
 * The policy simulator's speed (issue 6): the sample (2,466 invoices) at 1× and at generated multiples
 * (SIM_BENCH_SCALES, default 1,10: 24,660 invoices with the sample's shape) under one policy, after an
 * unrecorded warm-up replay, with how
 * the time grows (time at N× ÷ (N × time at 1×): 1.00 is linear); then the sample under two policies
 * side by side as `npm run arflow -- simulate --compare` runs it; and a slice of the sample
 * (SIM_BENCH_DYNAMODB_ROWS, default 200; 0 skips) on both stores for the DynamoDB Local ratio. All on
 * the memory store unless said; each run gets a fresh embedded stack; times are the replay's (stack
 * start excluded); CPU is this process's (user + system, all threads).
 */
export async function benchSimulator(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const sample = await readHistoryFile(sampleHistoryFile);
  const [gentle, firm] = await Promise.all(['gentle', 'firm'].map(async (label): Promise<SimulatedPolicy> => ({ label, policy: JSON.parse(await readFile(policyFile(label), 'utf8')) as unknown })));
  const builtIn: SimulatedPolicy = { label: 'built-in default' };
  const scales = (process.env['SIM_BENCH_SCALES'] ?? '1,10').split(',').map(Number);
  const dynamoRows = Number(process.env['SIM_BENCH_DYNAMODB_ROWS'] ?? 200);
  const runs: SimulatorRun[] = [];
  // The table is rewritten after each run, so a long run stopped part-way still leaves what it measured.
  const record = async (run: SimulatorRun) => {
    runs.push(run);
    await publish('docs/benchmarks.md', 'simulator', table(runs, loadBefore));
  };

  // Not recorded: the first replay in a process also pays for JIT compilation and lazily loaded modules,
  // which would inflate 1× against 10× (and flatter the growth).
  await measure('warm-up (first 300 rows)', 'memory', 0, sample.slice(0, 300), [builtIn]);
  for (const scale of scales) await record(await measure(`sample × ${scale}${scale === 1 ? '' : ' (generated)'}`, 'memory', scale, scaleHistory(sample, scale), [builtIn]));
  await record(await measure('sample, gentle vs firm', 'memory', 1, sample, [gentle!, firm!]));
  if (dynamoRows > 0) {
    const slice = sample.slice(0, dynamoRows);
    await record(await measure(`first ${dynamoRows} rows`, 'memory', 0, slice, [builtIn]));
    await record(await measure(`first ${dynamoRows} rows`, 'dynamodb', 0, slice, [builtIn]));
  }
}

/** Time at N× ÷ (N × time at 1×), for the single-policy memory-store runs: 1.00 is linear, above it grows faster than the data. */
export function growth(run: Pick<SimulatorRun, 'scale' | 'policies' | 'store' | 'wallMs' | 'cpuMs'>, base: Pick<SimulatorRun, 'wallMs' | 'cpuMs'> | undefined): { wall: number; cpu: number } | undefined {
  if (!base || run.store !== 'memory' || run.policies !== 1 || run.scale <= 1) return undefined;
  return { wall: run.wallMs / (run.scale * base.wallMs), cpu: run.cpuMs / (run.scale * base.cpuMs) };
}

function table(runs: SimulatorRun[], loadBefore: number): string {
  const perSecond = (invoices: number, ms: number) => (invoices / (ms / 1000)).toFixed(0);
  const base = runs.find((run) => run.store === 'memory' && run.policies === 1 && run.scale === 1);
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine(loadBefore)} with \`npm run bench -- simulator\`.`,
    "Growth is time at N× ÷ (N × time at 1×): 1.00 means linear. Wall time depends on what else the shared machine runs (load average per run); CPU time much less so. Peak RSS is the process's: a run after a larger one shows at least that one's.",
    '',
    '| replay | store | invoices × policies | wall time | invoices/s (wall, all policies) | Node CPU | invoices/s (CPU) | CPU ms per invoice | peak RSS (Node) | notices sent | load average before → after | growth vs 1× (wall / CPU) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const run of runs) {
    const grew = growth(run, base);
    const work = run.invoices * run.policies;
    lines.push(
      `| ${run.label} | ${run.store} | ${run.invoices.toLocaleString('en-US')} × ${run.policies} | ${(run.wallMs / 1000).toFixed(1)} s | ${perSecond(work, run.wallMs)} | ${(run.cpuMs / 1000).toFixed(1)} s | ${perSecond(work, run.cpuMs)} | ${(run.cpuMs / work).toFixed(1)} | ${Math.round(run.peakRssBytes / 2 ** 20)} MiB | ${run.noticesSent} | ${run.loadBefore.toFixed(1)} → ${run.loadAfter.toFixed(1)} | ${grew ? `${grew.wall.toFixed(2)} / ${grew.cpu.toFixed(2)}` : '—'} |`,
    );
  }
  return lines.join('\n');
}

async function measure(label: string, store: LocalStore, scale: number, rows: HistoryRow[], policies: SimulatedPolicy[]): Promise<SimulatorRun> {
  const first = rows.reduce((min, row) => (row.invoice.issueDate < min ? row.invoice.issueDate : min), '9999-12-31');
  const stack = await startLocalStack({ port: 0, clock: 'virtual', clockStart: new Date(`${first}T00:00:00.000Z`), logLevel: 'SILENT', store });
  try {
    const loadBefore = loadavg()[0]!;
    const usage = measureUsage();
    const outcomes = await replayHistory(stack, rows, policies);
    const { wallMs, cpuMs, peakRssBytes } = usage.stop();
    const failures = outcomes.reduce((sum, outcome) => sum + outcome.workflowFailures + outcome.invoicesRejected, 0);
    if (failures > 0) throw new Error(`${label} (${store}): ${failures} workflow failures or refused invoices`);
    const run: SimulatorRun = {
      label,
      store,
      scale,
      invoices: rows.length,
      policies: policies.length,
      wallMs,
      cpuMs,
      peakRssBytes,
      noticesSent: outcomes.reduce((sum, outcome) => sum + outcome.noticesSent, 0),
      loadBefore,
      loadAfter: loadavg()[0]!,
    };
    process.stdout.write(`${label} (${store}): ${rows.length} × ${policies.length} in ${(wallMs / 1000).toFixed(1)} s, ${((rows.length * policies.length) / (wallMs / 1000)).toFixed(1)} invoices/s, CPU ${(run.cpuMs / 1000).toFixed(1)} s\n`);
    return run;
  } finally {
    await stack.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchSimulator();
