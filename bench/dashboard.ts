import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { createDocumentClient } from '../shared/kernel/index.js';
import { LOCAL_TABLE_NAME, startLocalStack } from '../local/stack.js';
import { launchChromium } from '../test/integration/support/browser.js';
import { machineLine, publish } from './markers.js';
import { seedRows } from './report-seed.js';

/**
 * The dashboard's first complete view at 25k invoices (BENCH_DASHBOARD_INVOICES) in headless Chromium
 * (playwright-core, /usr/bin/chromium or ARFLOW_CHROMIUM) against the embedded stack: from the click on
 * "Open dashboard" to every panel showing its figures (body[data-state="ready"]), with the API
 * requests the page made. Report rows are seeded as the projector writes them. Best of 3 page loads.
 */
const INVOICES = Number(process.env['BENCH_DASHBOARD_INVOICES'] ?? 25_000);
const AS_OF = '2026-12-15';
const RUNS = 3;

const loadBefore = loadavg()[0]!;
const stack = await startLocalStack({ port: 0, clock: 'virtual', clockStart: new Date(`${AS_OF}T12:00:00.000Z`), logLevel: 'SILENT' });
const browser = await launchChromium().catch(async (error: unknown) => {
  await stack.stop();
  throw error;
});
try {
  process.stdout.write(`seeding ${INVOICES} report rows…\n`);
  await seedRows(createDocumentClient(), LOCAL_TABLE_NAME, stack.tenantId, 0, INVOICES);
  const loads: { ms: number; requests: string[] }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
    try {
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (!path.startsWith('/dashboard')) requests.push(path);
      });
      await page.goto(`${stack.apiUrl}/dashboard?asOf=${AS_OF}`);
      await page.getByLabel('API key').fill(stack.apiKey);
      const started = performance.now();
      await page.getByRole('button', { name: 'Open dashboard' }).click();
      await page.locator('body[data-state="ready"]').waitFor({ timeout: 120_000 });
      const ms = performance.now() - started;
      assert.equal(await page.locator('.panel[data-state="ready"]').count(), 6, 'every panel shows its figures');
      loads.push({ ms, requests: requests.sort() });
      process.stdout.write(`page load ${run + 1}: ${ms.toFixed(0)} ms, requests ${requests.join(' ')}\n`);
    } finally {
      await context.close();
    }
  }
  const best = Math.min(...loads.map((load) => load.ms));
  const table = [
    '| invoices (report rows) | first complete view, best of 3 | each load | API requests per load |',
    '| ---: | ---: | ---: | --- |',
    `| ${INVOICES.toLocaleString('en-US')} | ${(best / 1000).toFixed(2)} s | ${loads.map((load) => `${(load.ms / 1000).toFixed(2)} s`).join(', ')} | ${loads[0]!.requests.length}: ${loads[0]!.requests.map((path) => `\`GET ${path}\``).join(', ')} |`,
  ].join('\n');
  await publish('docs/benchmarks.md', 'dashboard', `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine(loadBefore)} with \`npm run bench -- dashboard\`.\n\n${table}`);
} finally {
  await browser.close();
  await stack.stop();
}
