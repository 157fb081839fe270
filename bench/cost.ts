import { setTimeout as sleep } from 'node:timers/promises';
import { functionMemoryMb } from '../infra/constructs/functions.js';
import { startLocalStack } from '../local/stack.js';
import { LocalMeter, meterDelta, type MeterSnapshot } from '../local/metering/local-meter.js';
import { awsPrices, costPerThousand, dominantItem, type CostPerThousand, type PerInvoiceUsage } from './cost/prices.js';
import { escalatingPolicy, invoicePaths, invoiceSpecs, PathClient, type InvoicePath } from './cost/invoice-paths.js';
import { publish } from './markers.js';

export interface PathMeasurement {
  path: InvoicePath;
  invoices: number;
  delta: MeterSnapshot;
  usage: PerInvoiceUsage;
  cost: CostPerThousand;
}

/** The target of issue 7 for the common path. */
export const targetUsdPerThousand = 0.5;

/**
 * Runs each path of bench/cost/invoice-paths.ts for BENCH_COST_INVOICES invoices (default 10) on the
 * embedded stack with a virtual clock and a meter, one path after the other so the counts don't mix,
 * and turns what was counted into USD per 1,000 invoices at the list prices of bench/cost/prices.ts.
 */
export async function runCostBench(): Promise<PathMeasurement[]> {
  const count = Number(process.env['BENCH_COST_INVOICES'] ?? 10);
  const meter = new LocalMeter();
  const stack = await startLocalStack({ port: 0, clock: 'virtual', clockStart: new Date('2027-01-04T12:00:00Z'), logLevel: 'SILENT', meter });
  const client = new PathClient(stack.apiUrl, stack.apiKey);
  const results: PathMeasurement[] = [];
  try {
    const stored = await client.call('PUT', '/policies/bench-escalation', escalatingPolicy);
    if (stored.status !== 201) throw new Error(`PUT policy: ${stored.status} ${JSON.stringify(stored.body)}`);
    for (const [index, path] of invoicePaths.entries()) {
      const today = await client.today();
      const invoices = invoiceSpecs(`COST${index}`, count, today, path.expectedStatus === 'written_off' ? { policy: 'bench-escalation' } : {});
      const emailsBefore = (await client.local<unknown[]>('GET', 'emails')).length;
      const eventsBefore = (await client.local<unknown[]>('GET', 'events')).length;
      client.apiRequests = 0;
      const before = meter.snapshot();
      await path.run(client, invoices, today);
      const events = (await client.local<unknown[]>('GET', 'events')).length - eventsBefore; // drains the stream relay
      await sleep(500); // the last state transitions are counted from the emulator's event log, asynchronously
      const delta = meterDelta(before, meter.snapshot());
      const emails = (await client.local<unknown[]>('GET', 'emails')).length - emailsBefore;
      const apiRequests = client.apiRequests;
      await checkOutcome(client, stack.stateMachine.list(), path, invoices.map((invoice) => invoice.invoiceNumber));
      const usage = perInvoice(delta, { emails, apiRequests, events }, count);
      const cost = costPerThousand(usage);
      results.push({ path, invoices: count, delta, usage, cost });
      process.stdout.write(`cost: ${path.name}: ${usage.stateTransitions.toFixed(1)} transitions, ${usage.lambdaInvocations.toFixed(1)} invocations, ${usage.writeUnits.toFixed(1)} WRU, ${usage.readUnits.toFixed(1)} RRU, ${usage.emails} emails per invoice → USD ${cost.total.toFixed(3)} per 1,000\n`);
    }
  } finally {
    await stack.stop();
  }
  await publish('docs/cost.md', 'cost', costTables(results, count));
  await publish('docs/benchmarks.md', 'cost', costSummary(results));
  return results;
}

function perInvoice(delta: MeterSnapshot, counted: { emails: number; apiRequests: number; events: number }, count: number): PerInvoiceUsage {
  const invocations = Object.values(delta.invocations);
  // Billed duration: each invocation rounded up to 1 ms; the mean per function stands in for each one.
  const gbSeconds = invocations.reduce((sum, entry) => sum + entry.count * Math.ceil(entry.totalMs / entry.count) * (functionMemoryMb / 1024) / 1000, 0);
  return {
    stateTransitions: delta.stateTransitions / count,
    lambdaInvocations: invocations.reduce((sum, entry) => sum + entry.count, 0) / count,
    lambdaGbSeconds: gbSeconds / count,
    readUnits: delta.dynamodb.readUnits / count,
    writeUnits: delta.dynamodb.writeUnits / count,
    emails: counted.emails / count,
    apiRequests: counted.apiRequests / count,
    businessEvents: counted.events / count,
  };
}

async function checkOutcome(client: PathClient, executions: { name: string; status: string }[], path: InvoicePath, numbers: string[]): Promise<void> {
  for (const number of numbers) {
    const view = await client.call('GET', `/invoices/${encodeURIComponent(number)}`);
    const status = (view.body['invoice'] as { status?: string } | undefined)?.status;
    if (status !== path.expectedStatus) throw new Error(`${path.name}: ${number} ended ${status}, expected ${path.expectedStatus}`);
    const running = executions.filter((execution) => execution.name.includes(number) && execution.status === 'RUNNING');
    if (running.length > 0) throw new Error(`${path.name}: ${number} still has a running workflow, so its counts are incomplete`);
  }
}

const usd = (value: number) => (value >= 0.1 ? value.toFixed(3) : value.toFixed(4));
const itemNames: Record<keyof Omit<CostPerThousand, 'total'>, string> = {
  stepFunctions: 'Step Functions state transitions',
  lambdaRequests: 'Lambda requests',
  lambdaDuration: 'Lambda duration',
  dynamoDbWrites: 'DynamoDB writes',
  dynamoDbReads: 'DynamoDB reads',
  ses: 'SES emails',
  httpApi: 'API Gateway requests',
  eventBridge: 'EventBridge events',
};

function costTables(results: PathMeasurement[], count: number): string {
  const header = `| | ${results.map((result) => result.path.name).join(' | ')} |`;
  const rule = `| --- | ${results.map(() => '---:').join(' | ')} |`;
  const row = (label: string, value: (result: PathMeasurement) => string) => `| ${label} | ${results.map(value).join(' | ')} |`;
  const functionNames = [...new Set(results.flatMap((result) => Object.keys(result.delta.invocations)))].sort();
  const operations = [...new Set(results.flatMap((result) => Object.keys(result.delta.dynamodb.requests)))].sort();
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`BENCH=cost npm run bench\`: ${count} invoices per path on the embedded stack (virtual clock), counted by the local meter. Prices: ${awsPrices.region}, list prices checked on ${awsPrices.checkedOn}; Lambda ${functionMemoryMb} MB arm64.`,
    '',
    '**Per invoice**',
    '',
    header,
    rule,
    row('state transitions', (r) => r.usage.stateTransitions.toFixed(1)),
    row('Lambda invocations', (r) => r.usage.lambdaInvocations.toFixed(1)),
    row('Lambda GB-s (measured ms, see below)', (r) => r.usage.lambdaGbSeconds.toFixed(3)),
    row('DynamoDB write request units', (r) => r.usage.writeUnits.toFixed(1)),
    row('DynamoDB read request units', (r) => r.usage.readUnits.toFixed(1)),
    row('emails (SES)', (r) => r.usage.emails.toFixed(1)),
    row('API requests', (r) => r.usage.apiRequests.toFixed(1)),
    row('business events (EventBridge)', (r) => r.usage.businessEvents.toFixed(1)),
    '',
    '**USD per 1,000 invoices**',
    '',
    header,
    rule,
    ...(Object.keys(itemNames) as (keyof typeof itemNames)[]).map((item) => row(itemNames[item], (r) => usd(r.cost[item]))),
    row('**total**', (r) => `**${usd(r.cost.total)}**`),
    row('largest item', (r) => itemNames[dominantItem(r.cost)]),
    '',
    '**Lambda invocations per invoice, by function (mean measured ms per invocation)**',
    '',
    header,
    rule,
    ...functionNames.map((name) =>
      row(name, (r) => {
        const entry = r.delta.invocations[name];
        return entry ? `${(entry.count / r.invoices).toFixed(1)} (${Math.round(entry.totalMs / entry.count)} ms)` : '—';
      }),
    ),
    '',
    '**DynamoDB requests per invoice, by operation**',
    '',
    header,
    rule,
    ...operations.map((operation) => row(operation, (r) => ((r.delta.dynamodb.requests[operation] ?? 0) / r.invoices).toFixed(1))),
  ].join('\n');
}

function costSummary(results: PathMeasurement[]): string {
  const lines = [
    `Cost per 1,000 invoices at ${awsPrices.region} list prices (${awsPrices.checkedOn}), counted from real runs on the embedded stack (\`BENCH=cost npm run bench\`; details and method in [cost.md](cost.md)). Target: under USD ${targetUsdPerThousand.toFixed(2)} on the common path.`,
    '',
    '| path | transitions | invocations | WRU | RRU | emails | USD per 1,000 | largest item |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of results)
    lines.push(
      `| ${r.path.name} | ${r.usage.stateTransitions.toFixed(1)} | ${r.usage.lambdaInvocations.toFixed(1)} | ${r.usage.writeUnits.toFixed(1)} | ${r.usage.readUnits.toFixed(1)} | ${r.usage.emails.toFixed(1)} | ${usd(r.cost.total)} | ${itemNames[dominantItem(r.cost)]} |`,
    );
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) await runCostBench();
