import assert from 'node:assert/strict';
import type { SentEmail } from './local-stack.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** An aging row as GET /reports/aging answers it (the report's own type). */
export type { AgingRow } from '../../../shared/reports/index.js';

/** The locale the tests open the dashboard in, and money as the page formats it there. */
export const LOCALE = 'en-GB';
export const money = (amountMinor: number, currency: string) => new Intl.NumberFormat(LOCALE, { style: 'currency', currency }).format(amountMinor / 100);
export const bucketRows = ['Not yet due', '1–30', '31–60', '61–90', 'Over 90', 'Total'];
/** The aging buckets in the report's order. */
export { agingBuckets as bucketKeys } from '../../../shared/reports/index.js';

/** An expression evaluated in the page: the tests' TypeScript has Node's types, not the DOM's. */
export function inPage(expression: string): string {
  return expression;
}

/** The URL after a labelled link in a notice's text part. */
export function linkIn(email: SentEmail, label: string): string {
  const line = email.text.split('\n').find((candidate) => candidate.startsWith(`${label}: `));
  assert.ok(line, `the notice has a "${label}" link:\n${email.text}`);
  return line.slice(label.length + 2);
}

/** Submits a signed link's form as the debtor's browser would; answers the status. */
export async function postLink(url: string, fields: Record<string, string>): Promise<number> {
  const link = new URL(url);
  const body = new URLSearchParams({ ...Object.fromEntries(link.searchParams), ...fields });
  const response = await fetch(`${link.origin}${link.pathname}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return response.status;
}

/**
 * Opens the dashboard in a new browser context and signs in with the stack's API key. `problems`
 * collects page errors, CSP refusals and files the page asked for that do not exist.
 */
export async function openDashboardIn(browser: Browser, stack: { apiUrl: string; apiKey: string }, viewport: { width: number; height: number }, options: { isMobile?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, locale: LOCALE, timezoneId: 'UTC', ...(options.isMobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Every file the page asks for exists (a 404 is logged as "Failed to load resource"), and nothing breaks the CSP.
    if (/Content Security Policy|Refused to|Failed to load resource/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  await page.goto(`${stack.apiUrl}/dashboard`);
  await page.getByLabel('API key').fill(stack.apiKey);
  await page.getByRole('button', { name: 'Open dashboard' }).click();
  await page.locator('body[data-state="ready"]').waitFor();
  return { context, page, problems };
}
