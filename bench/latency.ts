import autocannon from 'autocannon';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../shared/kernel/index.js';
import { keys } from '../shared/kernel/index.js';
import { startLocalStack } from '../local/stack.js';
import { publish } from './markers.js';

interface RouteResult {
  route: string;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  achievedRate: number;
}

/**
 * API latency on loopback: autocannon at a fixed overall request rate (BENCH_RATE, default 5/s, for
 * BENCH_LATENCY_SECONDS, default 15 s, over 10 connections) against the embedded stack, for GET /health
 * (the baseline: API server and authorizer-free Lambda invoke only), POST /invoices (a unique invoice
 * per request, which also starts its workflow) and GET /invoices/{n} (invoices the POST phase made).
 * The machine is shared, so each route is also given as a ratio to the baseline measured in the same run
 * (before and after, averaged).
 */
export async function runLatencyBench(): Promise<RouteResult[]> {
  const rate = Number(process.env['BENCH_RATE'] ?? 5);
  const duration = Number(process.env['BENCH_LATENCY_SECONDS'] ?? 15);
  const stack = await startLocalStack({ port: 0, clock: 'virtual', clockStart: new Date('2027-01-04T12:00:00Z'), logLevel: 'SILENT' });
  const headers = { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' };
  let posted = 0;
  const created: string[] = [];
  const invoiceBody = () => {
    posted += 1;
    const invoiceNumber = `LAT-${posted}`;
    return JSON.stringify({
      invoiceNumber,
      customer: { id: `LAT-C${posted % 50}`, name: 'Latency Ltd', email: 'ap@latency.example', timezone: 'UTC' },
      issueDate: '2027-01-04',
      dueDate: '2027-02-03',
      currency: 'EUR',
      amount: 125000,
    });
  };
  let read = 0;
  const routes: { route: string; request: autocannon.Request }[] = [
    { route: 'GET /health', request: { method: 'GET', path: '/health' } },
    {
      route: 'POST /invoices',
      request: {
        method: 'POST',
        path: '/invoices',
        headers,
        setupRequest: (request) => ({ ...request, body: invoiceBody() }),
        onResponse: (status, body) => {
          if (status === 201) created.push((JSON.parse(body) as { invoice: { invoiceNumber: string } }).invoice.invoiceNumber);
        },
      },
    },
    {
      route: 'GET /invoices/{n}',
      request: { method: 'GET', path: '/invoices/x', headers, setupRequest: (request) => ({ ...request, path: `/invoices/${created[read++ % created.length]}` }) },
    },
    { route: 'GET /health', request: { method: 'GET', path: '/health' } },
  ];
  const results: RouteResult[] = [];
  let dynamoDbRoundTrip: number;
  try {
    // Warm-up: the first invocations load the handler modules and warm the JIT and DynamoDB Local;
    // Lambda's cold starts are the bundle benchmark's business.
    for (const { request } of routes) await autocannon({ url: stack.apiUrl, connections: 2, amount: 20, requests: [request] });
    for (const { route, request } of routes) {
      const result = await autocannon({ url: stack.apiUrl, connections: 10, duration, overallRate: rate, requests: [request] });
      const measured = { route, p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total, errors: result.errors + result.timeouts + result.non2xx, achievedRate: result.requests.average };
      results.push(measured);
      process.stdout.write(`latency ${route}: p50 ${measured.p50} ms, p99 ${measured.p99} ms, ${measured.requests} requests, ${measured.errors} errors\n`);
    }
    dynamoDbRoundTrip = await getItemRoundTripMs(stack.tenantId, created[0]!);
  } finally {
    await stack.stop();
  }
  await publish('docs/benchmarks.md', 'latency', latencyTable(results, rate, duration, dynamoDbRoundTrip));
  return results;
}

/** One GetItem against DynamoDB Local from this process, p50 of 100 in a row: the unit a handler's latency is made of here. */
async function getItemRoundTripMs(tenantId: string, invoiceNumber: string): Promise<number> {
  const client = createDocumentClient();
  const times: number[] = [];
  for (let index = 0; index < 100; index++) {
    const started = performance.now();
    await client.send(new GetCommand({ TableName: process.env['TABLE_NAME'], Key: keys.invoice(tenantId, invoiceNumber) }));
    times.push(performance.now() - started);
  }
  client.destroy();
  return times.sort((a, b) => a - b)[50]!;
}

function latencyTable(results: RouteResult[], rate: number, duration: number, dynamoDbRoundTrip: number): string {
  const baselines = results.filter((result) => result.route === 'GET /health');
  const baseline = { p50: mean(baselines.map((b) => b.p50)), p99: mean(baselines.map((b) => b.p99)) };
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`BENCH=latency npm run bench\`: ${rate} requests/s for ${duration} s per route over 10 connections (autocannon, loopback, embedded stack, virtual clock), after 20 warm-up requests per route. One GetItem against DynamoDB Local took ${dynamoDbRoundTrip.toFixed(1)} ms (p50) in the same run.`,
    '',
    `A route marked *saturated* got less than 90 % of the requested rate: the stack (one Node process running the API, every Lambda and every workflow, with DynamoDB Local on the same two cores) could not keep up, and its latencies include queueing.`,
    '',
    '| route | p50 (ms) | p99 (ms) | requests | errors (non-2xx, timeouts) | achieved req/s | p50 ÷ health | p99 ÷ health |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) => `| ${r.route}${r.achievedRate < rate * 0.9 ? ' (saturated)' : ''} | ${r.p50} | ${r.p99} | ${r.requests} | ${r.errors} | ${r.achievedRate.toFixed(1)} | ${(r.p50 / baseline.p50).toFixed(1)} | ${(r.p99 / baseline.p99).toFixed(1)} |`,
    ),
  ].join('\n');
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

if (import.meta.url === `file://${process.argv[1]}`) await runLatencyBench();
