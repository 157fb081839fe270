import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { readHistoryFile } from '../shared/imports/index.js';
import { replayHistory, summaryTable, type SimulatedPolicy, type SimulationProgress } from '../local/simulator.js';
import { startLocalStack } from '../local/stack.js';
import { sampleHistoryFile } from '../local/sample-data.js';

export const simulateUsage = `  npm run arflow -- simulate [--data <file>] [--policy <file>] [--compare <file>] [--limit N] [--timeline <out.jsonl>] [--store memory|dynamodb]
      Replays a paid-invoice history (the IBM sample layout; default data/ar-invoices-sample.csv)
      through the real workflow on an embedded stack with a virtual clock: invoices posted on their issue
      date, disputes opened on it where the file says Disputed=Yes, payments on their settled date.
      --policy and --compare are PUT /policies bodies (JSON); without --policy the built-in default policy.
      Prints notices by stage, disputes, escalations, final actions per policy; --timeline writes every
      invoice's timeline per policy as JSON Lines; --limit replays the first N rows. --store memory (the
      default) keeps the data in process memory; --store dynamodb uses DynamoDB Local, as the stack does
      (same results, about ten times slower).
`;

export async function simulateCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { store: { type: 'string' }, data: { type: 'string' }, policy: { type: 'string' }, compare: { type: 'string' }, limit: { type: 'string' }, timeline: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(simulateUsage);
    return 0;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) return fail('--limit must be a whole number of rows, at least 1');
  const store = values.store ?? 'memory';
  if (store !== 'memory' && store !== 'dynamodb') return fail('--store must be memory or dynamodb');
  const data = values.data ?? sampleHistoryFile;
  let policies: SimulatedPolicy[];
  let rows;
  try {
    policies = [await policyFrom(values.policy)];
    if (values.compare) policies.push(await policyFrom(values.compare));
    if (policies.length === 2 && policies[0]!.label === policies[1]!.label) policies[1]!.label += ' (compare)';
    rows = await readHistoryFile(data, { limit });
  } catch (error) {
    return fail((error as Error).message);
  }
  if (rows.length === 0) return fail(`${data} has no rows`);
  const firstIssue = rows.reduce((min, row) => (row.invoice.issueDate < min ? row.invoice.issueDate : min), '9999-12-31');
  process.stderr.write(`Replaying ${rows.length} invoices of ${basename(data)} under ${policies.map((policy) => policy.label).join(' and ')} ...\n`);

  const dataDir = await mkdtemp(join(tmpdir(), 'arflow-simulate-'));
  const started = Date.now();
  const stack = await startLocalStack({ port: 0, clock: 'virtual', clockStart: new Date(`${firstIssue}T00:00:00.000Z`), dataDir, logLevel: 'SILENT', store });
  try {
    const booted = Date.now();
    const outcomes = await replayHistory(stack, rows, policies, progressLine());
    const seconds = (Date.now() - booted) / 1000;
    process.stderr.write('\n');
    process.stdout.write(`\n${summaryTable(outcomes)}\n`);
    process.stdout.write(
      `${rows.length} invoices × ${policies.length} ${policies.length === 1 ? 'policy' : 'policies'} replayed in ${seconds.toFixed(1)} s ` +
        `(${((rows.length * policies.length) / seconds).toFixed(1)} invoices/s; stack start ${((booted - started) / 1000).toFixed(1)} s)\n`,
    );
    if (values.timeline) {
      const lines = outcomes.flatMap((outcome) => outcome.timelines.map((invoice) => JSON.stringify({ policy: outcome.label, ...invoice })));
      await writeFile(values.timeline, `${lines.join('\n')}\n`);
      process.stdout.write(`Timelines: ${values.timeline}\n`);
    }
    return 0;
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function policyFrom(file: string | undefined): Promise<SimulatedPolicy> {
  if (file === undefined) return { label: 'built-in default' };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the policy file ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return { label: basename(file).replace(/\.json$/, ''), policy: JSON.parse(text) as unknown };
  } catch (error) {
    throw new Error(`The policy file ${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** A progress bar on a terminal; a line per 10 % in a log. */
function progressLine(out: NodeJS.WriteStream = process.stderr): (progress: SimulationProgress) => void {
  let lastTenth = -1;
  return ({ day, daysDone, days, invoicesIngested, paymentsPosted, disputesOpened }) => {
    const share = daysDone / days;
    const detail = `${day}  invoices ${invoicesIngested}  disputes ${disputesOpened}  payments ${paymentsPosted}`;
    if (out.isTTY) {
      const filled = Math.round(share * 30);
      out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${detail}\u001b[K`);
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth !== lastTenth) out.write(`${String(tenth * 10).padStart(3)}%  ${detail}\n`);
    lastTenth = tenth;
  };
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
