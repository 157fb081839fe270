import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { browserSkipReason, launchChromium, screenshotPath } from './support/browser.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

/**
 * The collections workspace in headless Chromium (Debian's package) against the embedded stack on the
 * virtual clock: a collector finds an invoice through search, logs a call, pauses it until next week
 * (no reminder goes out meanwhile), records a promise taken by phone and resumes. Every page is checked
 * with axe-core (no serious or critical violations); screenshots land in test-results/screenshots/.
 */
describe('the collections workspace in headless Chromium', { skip: browserSkipReason() }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z');
  const accessibility: string[] = [];

  /** Serious and critical axe violations of the page as it is now; the summary goes to the closing note. */
  const axe = async (page: Page, name: string) => {
    const result = await new AxeBuilder({ page: page as never }).analyze();
    const bad = result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    accessibility.push(`${name}: ${result.violations.length} violations (${bad.length} serious or critical), ${result.passes.length} rules passed`);
    assert.deepEqual(bad.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`), [], `${name}: no serious or critical accessibility violations`);
  };

  const open = async (viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; problems: string[] }> => {
    const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${stack().apiUrl}/dashboard/workspace.html`);
    await page.getByLabel('API key').fill(stack().apiKey);
    await page.getByRole('button', { name: 'Open workspace' }).click();
    await page.locator('body[data-state="ready"]').waitFor();
    return { context, page, problems };
  };
  const ready = (page: Page, view: string) => page.locator(`body[data-state="ready"][data-view="${view}"]`).waitFor();

  it('a collector searches, logs a call, pauses until next week (nothing is sent), records a phone promise and resumes', async () => {
    const today = dateInZone(await api().now(), 'UTC');
    const invoice = anInvoice({ invoiceNumber: 'WSB-1001', customer: { id: 'WSB-C', name: 'Browser Bakery GmbH', email: 'ap@bakery.example', timezone: 'UTC' }, issueDate: addDays(today, -30), dueDate: addDays(today, 2) });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const overdue = anInvoice({ invoiceNumber: 'WSB-0999', customer: { id: 'WSB-C', name: 'Browser Bakery GmbH', email: 'ap@bakery.example', timezone: 'UTC' }, issueDate: addDays(today, -60), dueDate: addDays(today, -20) });
    assert.equal((await api().postInvoice(overdue)).status, 201);

    const { context, page, problems } = await open({ width: 1280, height: 900 });
    try {
      await ready(page, 'Worklist');
      await page.getByRole('link', { name: 'WSB-0999' }).waitFor();
      await page.screenshot({ path: await screenshotPath('workspace-worklist'), fullPage: true });
      await axe(page, 'worklist');

      await page.getByLabel('Search').fill('bakery');
      await page.getByRole('button', { name: 'Search' }).click();
      await ready(page, 'Search: bakery');
      await page.getByRole('link', { name: 'Browser Bakery GmbH' }).first().waitFor();
      await page.screenshot({ path: await screenshotPath('workspace-search'), fullPage: true });
      await axe(page, 'search');

      await page.getByRole('link', { name: 'WSB-1001' }).click();
      await ready(page, 'Invoice WSB-1001');
      await page.getByLabel('What was said').fill('Spoke to Anna in AP: approved, paid in next week’s run');
      await page.getByRole('button', { name: 'Log call' }).click();
      await page.getByText('collector.call-logged').waitFor();

      const nextWeek = addDays(dateInZone(await api().now(), 'UTC'), 7);
      await page.getByLabel('Pause collection until').fill(nextWeek);
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await page.getByText('collection.paused').waitFor();
      const pausedAt = (await api().now()).toISOString();
      await page.screenshot({ path: await screenshotPath('workspace-invoice-paused'), fullPage: true });
      await axe(page, 'invoice');

      // Before and after the due date the policy would remind; paused, nothing goes out.
      await api().advanceDays(6);
      const sentWhilePaused = (await api().emailsFor('WSB-1001')).filter((email) => (email.headers['X-Arflow-Sent-At'] ?? '') > pausedAt);
      assert.deepEqual(sentWhilePaused.map((email) => email.headers['X-Arflow-Stage']), [], 'no reminder while paused (one sent before the pause may be in the list)');

      await page.reload();
      await ready(page, 'Invoice WSB-1001');
      await page.getByLabel('Promised payment date (by phone)').fill(addDays(dateInZone(await api().now(), 'UTC'), 5));
      await page.getByRole('button', { name: 'Record promise' }).click();
      await page.getByText('promise.made').waitFor();
      await page.getByRole('button', { name: 'Resume' }).click();
      await page.getByText('collection.resumed').waitFor();
      await page.screenshot({ path: await screenshotPath('workspace-invoice-resumed'), fullPage: true });

      await page.getByRole('link', { name: 'All of Browser Bakery GmbH' }).click();
      await ready(page, 'Customer WSB-C');
      await page.screenshot({ path: await screenshotPath('workspace-customer'), fullPage: true });
      await axe(page, 'customer');
      assert.deepEqual(problems, []);

      const view = await api().getInvoice('WSB-1001');
      const types = view.body.timeline.map((event) => event.type);
      for (const type of ['collector.call-logged', 'collection.paused', 'promise.made', 'collection.resumed']) assert.ok(types.includes(type), type);
    } finally {
      await context.close();
    }
  });

  it('works on a 360 px phone: no horizontal scroll on the invoice page', async () => {
    const { context, page, problems } = await open({ width: 360, height: 740 });
    try {
      await page.goto(`${stack().apiUrl}/dashboard/workspace.html#invoice/WSB-1001`);
      await ready(page, 'Invoice WSB-1001');
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
      await page.screenshot({ path: await screenshotPath('workspace-invoice-phone'), fullPage: true });
      await axe(page, 'invoice on a phone');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      process.stdout.write(`accessibility (axe-core): ${accessibility.join('; ')}\n`);
    }
  });
});
