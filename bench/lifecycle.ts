import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { addDays } from '../shared/kernel/index.js';
import { startLocalStack } from '../local/stack.js';
import type { LocalStore } from '../local/memory-store.js';
import { machineLine, publish } from './markers.js';
import { postInBatches } from './api-ingest.js';
import { measureUsage } from './usage.js';

const policyFile = fileURLToPath(new URL('../docs/policies/firm.json', import.meta.url));
const START = '2027-01-01';
/** Due 14 days after issue, spread over two weeks; then 4 reminders, escalation at +21, 5 days' approval timeout, 10 days' grace: all done by day 60. */
const DAYS = 75;

interface LifecycleRun {
  store: LocalStore;
  invoices: number;
  ingestMs: number;
  lifecycleMs: number;
  cpuMs: number;
  peakRssBytes: number;
  notices: number;
  escalations: number;
  timeouts: number;
  finalActions: number;
  failures: number;
}

/**
 * Issue 7's lifecycle benchmark: N generated invoices (LIFECYCLE_SIZES, default 10000 on the memory store;
 * LIFECYCLE_DYNAMODB_SIZE, default 500, on DynamoDB Local; 0 skips) go through their whole reminder path on
 * the virtual clock under docs/policies/firm.json, and nobody pays: four reminders, the escalation, its
 * approval timing out (onTimeout approve), the grace period's final notice and the final action (agency).
 * Invoices/s is N over the time from the first POST /invoices to the last final action.
 */
export async function benchLifecycle(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const runs: LifecycleRun[] = [];
  for (const size of (process.env['LIFECYCLE_SIZES'] ?? '10000').split(',').map(Number)) runs.push(await runLifecycle(size, 'memory'));
  const dynamoSize = Number(process.env['LIFECYCLE_DYNAMODB_SIZE'] ?? 500);
  if (dynamoSize > 0) runs.push(await runLifecycle(dynamoSize, 'dynamodb'));
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine(loadBefore)} with \`npm run bench -- lifecycle\`.`,
    '',
    '| invoices | store | ingest (POST /invoices ×500) | lifecycle to the last final action | invoices/s (whole path) | Node CPU | CPU ms per invoice | peak RSS (Node) | notices | escalations (timed out) | final actions | workflow failures |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map(
      (run) =>
        `| ${run.invoices.toLocaleString('en-US')} | ${run.store} | ${(run.ingestMs / 1000).toFixed(1)} s | ${(run.lifecycleMs / 1000).toFixed(1)} s | ${(run.invoices / ((run.ingestMs + run.lifecycleMs) / 1000)).toFixed(1)} | ${(run.cpuMs / 1000).toFixed(1)} s | ${(run.cpuMs / run.invoices).toFixed(1)} | ${Math.round(run.peakRssBytes / 2 ** 20)} MiB | ${run.notices} | ${run.escalations} (${run.timeouts}) | ${run.finalActions} | ${run.failures} |`,
    ),
  ];
  await publish('docs/benchmarks.md', 'lifecycle', lines.join('\n'));
}

export async function runLifecycle(size: number, store: LocalStore): Promise<LifecycleRun> {
  const stack = await startLocalStack({ port: 0, clock: 'virtual', clockStart: new Date(`${START}T00:00:00.000Z`), logLevel: 'SILENT', store });
  try {
    const policy = JSON.parse(await readFile(policyFile, 'utf8')) as unknown;
    const put = await call(stack.apiUrl, stack.apiKey, 'PUT', '/policies/default', policy);
    if (put.status >= 300) throw new Error(`PUT /policies/default: ${put.status} ${put.text}`);
    const usage = measureUsage();
    await postInBatches(stack.apiUrl, stack.apiKey, Array.from({ length: size }, (_, index) => generatedInvoice(index)));
    await stack.clock.settle();
    const ingestMs = usage.elapsedMs();
    for (let day = 1; day <= DAYS; day++) {
      await stack.clock.advanceTo(new Date(`${addDays(START, day)}T00:00:00.000Z`));
      if (day % 15 === 0) process.stderr.write(`  ${store} ${size}: day ${day}/${DAYS}, ${Math.round(usage.elapsedMs() / 1000)} s\n`);
    }
    const { wallMs, cpuMs, peakRssBytes } = usage.stop();
    const run: LifecycleRun = { store, invoices: size, ingestMs, lifecycleMs: wallMs - ingestMs, cpuMs, peakRssBytes, notices: 0, escalations: 0, timeouts: 0, finalActions: 0, failures: 0 };
    for (let index = 0; index < size; index++) {
      const invoiceNumber = generatedInvoice(index).invoiceNumber;
      const [notices, timeline] = await Promise.all([stack.repositories.noticeLedger.notices(stack.tenantId, invoiceNumber), stack.repositories.invoices.timeline(stack.tenantId, invoiceNumber)]);
      run.notices += notices.filter((notice) => notice.status === 'sent').length;
      for (const event of timeline) {
        if (event.type === 'escalation.requested') run.escalations++;
        if (event.type === 'escalation.timed-out') run.timeouts++;
        if (event.type === 'invoice.sent-to-agency' || event.type === 'invoice.written-off') run.finalActions++;
        if (event.type === 'workflow.failed') run.failures++;
      }
    }
    process.stdout.write(`lifecycle ${size} (${store}): ${(size / (wallMs / 1000)).toFixed(1)} invoices/s, ${run.notices} notices, ${run.finalActions} final actions, CPU ${(run.cpuMs / 1000).toFixed(1)} s\n`);
    if (run.finalActions !== size) throw new Error(`lifecycle ${size} (${store}): only ${run.finalActions} of ${size} invoices reached their final action`);
    return run;
  } finally {
    await stack.stop();
  }
}

/** One customer per invoice (no consolidated notices), due 14 to 27 days after the start. */
function generatedInvoice(index: number) {
  const customerId = `LC-${String(index).padStart(6, '0')}`;
  return {
    invoiceNumber: `LIFE-${String(index).padStart(6, '0')}`,
    customer: { id: customerId, name: `Customer ${customerId}`, email: `ap+${customerId.toLowerCase()}@example.invalid` },
    issueDate: START,
    dueDate: addDays(START, 14 + (index % 14)),
    currency: 'EUR',
    amount: 10_000 + (index % 90_000),
  };
}

async function call(apiUrl: string, apiKey: string, method: string, path: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${apiUrl}${path}`, { method, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchLifecycle();
