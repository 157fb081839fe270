import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkipReason, launchChromium, screenshotPath } from './support/browser.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';
import { bucketKeys, bucketRows, inPage, linkIn, LOCALE, money, openDashboardIn, postLink, type AgingRow } from './support/dashboard-page.js';

/**
 * The finance dashboard in headless Chromium (Debian's package, driven by playwright-core) against the
 * embedded stack with real data: invoices, payments, a dispute from the debtor's link and an escalation
 * waiting for approval, all reached on the virtual clock. Screenshots land in test-results/screenshots/.
 */
describe('the dashboard in headless Chromium', { skip: browserSkipReason() }, () => {
  let browser: Browser;
  // The browser first: without one (CI=true and no Chromium) the file fails before starting a stack.
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z'); // a Friday
  const customer = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: `Customer ${id}`, email: `ap@${id.toLowerCase()}.example`, timezone: 'UTC', ...extra });
  const overdue61 = anInvoice({ customer: customer('DB-1'), issueDate: '2026-08-01', dueDate: '2026-08-31', amount: 100000 });
  const partlyPaid = anInvoice({ customer: customer('DB-1'), issueDate: '2026-10-01', dueDate: '2026-10-31', amount: 50000 });
  const notDue = anInvoice({ customer: customer('DB-2'), issueDate: '2026-11-01', dueDate: '2026-12-20', amount: 40000 });
  const dollars = anInvoice({ customer: customer('DB-2'), issueDate: '2026-06-01', dueDate: '2026-07-01', currency: 'USD', amount: 70000 });
  const paidLate = anInvoice({ customer: customer('DB-3'), issueDate: '2026-09-01', dueDate: '2026-10-01', amount: 30000 });
  const escalated = anInvoice({ customer: customer('DB-ESC', { accountOwner: 'owner@seller.example' }), issueDate: '2026-10-24', dueDate: '2026-11-23', amount: 250000, policy: 'escalating' });
  // Markup in a debtor's free text must reach the page as text.
  const disputeReason = 'Only 8 of 10 units arrived <img src=x id=injected> & "the rest" is missing';

  before(async () => {
    const policy = {
      stages: [{ id: 'overdue-1-day', offsetDays: 1, template: 'firm' }],
      escalation: { afterDaysOverdue: 5, approvers: { accountOwner: true, emails: ['finance@seller.example'] }, approvalTimeoutDays: 10, onTimeout: 'pause' },
    };
    assert.equal((await api().request('PUT', '/policies/escalating', policy)).status, 201);
    for (const invoice of [overdue61, partlyPaid, notDue, dollars, paidLate, escalated]) assert.equal((await api().postInvoice(invoice)).status, 201, invoice.invoiceNumber);
    assert.equal((await api().postPayment({ invoiceNumber: partlyPaid.invoiceNumber, amount: 20000, currency: 'EUR', paidAt: '2026-11-10' })).status, 201);
    assert.equal((await api().postPayment({ invoiceNumber: paidLate.invoiceNumber, amount: 30000, currency: 'EUR', paidAt: '2026-10-15' })).status, 201);
    assert.equal((await api().request('PUT', '/customers/DB-1', { creditLimit: { currency: 'EUR', amount: 50000 } })).status, 200);

    await api().advanceTo('2026-11-28T10:00:00.000Z'); // reminders went out; the escalation fell due at 09:00
    assert.ok((await api().emailsFor(escalated.invoiceNumber)).some((email) => email.headers['X-Arflow-Stage'] === 'escalation'), 'finance was asked to approve');
    const reminder = (await api().emailsFor(overdue61.invoiceNumber)).find((email) => !email.headers['X-Arflow-Stage']?.startsWith('customer-'));
    assert.ok(reminder, 'the overdue invoice got a reminder');
    const disputed = await postLink(linkIn(reminder, 'I dispute this invoice'), { reason: disputeReason });
    assert.equal(disputed, 200);
    await api().reportsCurrent(); // the page reads report rows, which follow the table's stream
  });

  const openDashboard = (viewport: { width: number; height: number }, options: { isMobile?: boolean } = {}) => openDashboardIn(browser, stack(), viewport, options);

  it('serves the page with a content security policy, and its files by name only', async () => {
    const page = await fetch(`${stack().apiUrl}/dashboard`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/, 'no inline scripts');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    const html = await page.text();
    assert.doesNotMatch(html, /<script>|<style|\son\w+=/i, 'no inline script, style or handler');
    assert.doesNotMatch(html, /https?:\/\//, 'nothing from another origin');

    const script = await fetch(`${stack().apiUrl}/dashboard/dashboard.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    const again = await fetch(`${stack().apiUrl}/dashboard/dashboard.js`, { headers: { 'if-none-match': script.headers.get('etag') ?? '' } });
    assert.equal(again.status, 304);
    assert.equal((await fetch(`${stack().apiUrl}/dashboard/tsconfig.json`)).status, 404);
    assert.equal((await fetch(`${stack().apiUrl}/dashboard/..%2Fhandler.ts`)).status, 404);
  });

  it('shows on a laptop what the API reports: aging, DSO trend, escalation, dispute, forecast and risk, under real headings', async () => {
    const aging = await api().request<{ asOf: string; totals: AgingRow[] }>('GET', '/reports/aging');
    assert.equal(aging.body.asOf, '2026-11-28', "the API's today on the virtual clock");
    const { context, page, problems } = await openDashboard({ width: 1366, height: 900 });
    try {
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Receivables dashboard');
      const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
      for (const heading of ['Aging', 'DSO trend', 'Cash forecast, 13 weeks', 'Escalations waiting for a decision', 'Open disputes', 'Customer risk']) {
        assert.ok(headings.includes(heading), `heading "${heading}" in ${headings.join(' | ')}`);
      }
      assert.equal(await page.locator('#as-of').inputValue(), '2026-11-28');
      assert.equal(await page.getByRole('status').textContent(), 'Figures as of 28 Nov 2026 loaded.', 'told to screen readers');

      // Aging: the table's amounts are the API's, bucket by bucket, per currency.
      const table = page.locator('#panel-aging table.aging-table');
      assert.deepEqual(await table.locator('thead th').allTextContents(), ['Days past due', 'EUR', 'USD']);
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.querySelector('.amount')?.textContent ?? cell.textContent)));
      const expected = bucketRows.map((label, index) => [
        label,
        ...aging.body.totals.map((row) => money(index < bucketKeys.length ? row.buckets[bucketKeys[index]!]! : row.total, row.currency)),
      ]);
      assert.deepEqual(rows, expected);
      // The numbers themselves, as a reader checks them: 1,000 EUR 61-90 days, 300 EUR 1-30, 700 USD over 90, 2,500 escalated EUR 1-30.
      assert.deepEqual(
        aging.body.totals.map((row) => [row.currency, row.buckets]),
        [
          ['EUR', { current: 40000, '1-30': 280000, '31-60': 0, '61-90': 100000, '90+': 0 }],
          ['USD', { current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 70000 }],
        ],
      );
      assert.equal(await page.locator('#panel-aging svg[role="img"]').count(), 2, 'one chart per currency');
      assert.equal(await page.locator('#panel-aging svg[role="img"]').first().locator('rect.bar').count(), 5);
      assert.match(await page.locator('#panel-aging table').nth(1).textContent() ?? '', /DB-2.*Over 90 days/, 'the most overdue customer first');

      // DSO trend: a line chart and the figures per month, newest first, equal to the API's.
      const recent = await api().request<{ currencies: { currency: string; dso: number | null }[] }>('GET', '/reports/kpis?from=2026-08-31&to=2026-11-28');
      const recentEur = recent.body.currencies.find((row) => row.currency === 'EUR')!.dso!;
      assert.equal(await page.locator('#panel-dso .headline li').first().textContent(), `${new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 }).format(recentEur)} days EUR DSO, 31 Aug – 28 Nov`);
      const kpis = await api().request<{ periods: { from: string; currencies: { currency: string; dso: number | null }[] }[] }>('GET', '/reports/kpis?from=2025-12-01&to=2026-11-28&interval=month');
      const november = kpis.body.periods.at(-1)!.currencies.find((row) => row.currency === 'EUR')!;
      assert.ok(november.dso !== null && november.dso > 0);
      const firstDsoRow = await page.locator('#panel-dso table tbody tr').first().locator('td').allTextContents();
      assert.deepEqual(firstDsoRow.slice(0, 2), ['Nov 2026', 'EUR']);
      assert.equal(firstDsoRow[2], new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 }).format(november.dso));
      assert.equal(await page.locator('#panel-dso svg[role="img"] path.line').count(), 2, 'a line per currency');

      // Disputes: the debtor's reason arrives as text, markup and all.
      const disputes = page.locator('#panel-disputes');
      assert.equal(await disputes.locator('tbody tr').count(), 1);
      assert.equal(await disputes.locator('tbody tr th').textContent(), overdue61.invoiceNumber);
      assert.ok((await disputes.textContent())?.includes(disputeReason), 'the reason, verbatim');
      assert.equal(await page.locator('#injected').count(), 0, 'no element was made from the reason');

      // Escalations waiting: the one the virtual clock brought, with its approvers.
      const escalations = page.locator('#panel-escalations tbody tr');
      assert.equal(await escalations.count(), 1);
      const escalationCells = await escalations.first().locator('th, td').allTextContents();
      assert.deepEqual(escalationCells.slice(0, 3), [escalated.invoiceNumber, 'DB-ESC', money(250000, 'EUR')]);
      assert.match(escalationCells[5] ?? '', /finance@seller\.example/);

      // Cash forecast: 13 weeks and what comes later, each amount the API's.
      const forecast = await api().request<{ weeks: { amounts: { currency: string; amountMinor: number }[] }[]; beyond: { currency: string; amountMinor: number }[] }>('GET', '/reports/forecast?asOf=2026-11-28');
      const forecastTable = page.locator('#panel-forecast table');
      const currencies = await forecastTable.locator('thead th').allTextContents();
      assert.deepEqual(currencies, ['Week', 'EUR', 'USD']);
      const forecastCells = await forecastTable.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((cell) => cell.querySelector('.amount')?.textContent ?? cell.textContent)));
      assert.equal(forecastCells.length, 14, '13 weeks and later');
      const expectedForecast = [...forecast.body.weeks.map((week) => week.amounts), forecast.body.beyond].map((amounts) =>
        ['EUR', 'USD'].map((currency) => {
          const amount = amounts.find((candidate) => candidate.currency === currency);
          return amount ? money(amount.amountMinor, currency) : '–';
        }),
      );
      assert.deepEqual(forecastCells, expectedForecast);
      assert.ok(forecast.body.weeks.some((week) => week.amounts.length > 0), 'something is expected within 13 weeks');
      assert.equal(await page.locator('#panel-forecast svg[role="img"]').count(), 2);

      // Customer risk: every customer, riskiest first, the factors behind each score, and the credit limit crossed.
      const risk = await api().request<{ customers: { customerId: string; score: number; tier: string; factors: unknown[]; overCreditLimit: boolean }[] }>('GET', '/reports/risk?asOf=2026-11-28');
      const riskRows = page.locator('#panel-risk tbody tr');
      assert.equal(await riskRows.count(), risk.body.customers.length);
      const tierOrder: Record<string, number> = { high: 0, medium: 1, low: 2 };
      const riskiest = [...risk.body.customers].sort((a, b) => tierOrder[a.tier]! - tierOrder[b.tier]! || b.score - a.score)[0]!;
      const firstRisk = await riskRows.first().locator('th, td').allTextContents();
      assert.deepEqual(firstRisk.slice(0, 3), [riskiest.customerId, riskiest.tier, String(riskiest.score)]);
      assert.ok(risk.body.customers.find((row) => row.customerId === 'DB-1')?.overCreditLimit, 'DB-1 owes more than its limit');
      assert.equal(await page.locator('#panel-risk .callout').textContent(), 'Over their credit limit: DB-1.');
      const db1 = riskRows.filter({ has: page.locator('th', { hasText: /^DB-1$/ }) });
      await db1.locator('summary').click();
      assert.equal(await db1.locator('details li').count(), risk.body.customers.find((row) => row.customerId === 'DB-1')!.factors.length);

      await page.screenshot({ path: await screenshotPath('dashboard-laptop'), fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const { context, page, problems } = await openDashboard({ width: 390, height: 844 }, { isMobile: true });
    try {
      const overflow = await page.evaluate<{ scroll: number; client: number }>(inPage('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })'));
      assert.ok(overflow.scroll <= overflow.client, `page is ${overflow.scroll}px wide on a ${overflow.client}px screen`);
      const wide = await page.evaluate<string[]>(
        inPage(`[...document.querySelectorAll('#panels *')]
          .filter((element) => !element.closest('.table-wrap') && element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .map((element) => element.tagName.toLowerCase() + '.' + (element.getAttribute('class') ?? ''))`),
      );
      assert.deepEqual(wide, [], 'nothing sticks out of the screen');
      const chartWidth = await page.locator('#panel-aging svg[role="img"]').first().evaluate((chart) => chart.getBoundingClientRect().width);
      assert.ok(chartWidth < 390, 'charts are drawn at the phone width');
      await page.screenshot({ path: await screenshotPath('dashboard-phone'), fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('shows the aging as of a date the reader picks, and the disputes as they are now', async () => {
    const { context, page, problems } = await openDashboard({ width: 1366, height: 900 });
    try {
      await page.locator('#as-of').fill('2026-08-20');
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await page.locator('body[data-state="ready"]').waitFor();
      assert.match(page.url(), /\?asOf=2026-08-20$/);
      assert.equal(await page.locator('#as-of-label').textContent(), 'as of 20 Aug 2026');
      const table = page.locator('#panel-aging table.aging-table');
      assert.deepEqual(await table.locator('thead th').allTextContents(), ['Days past due', 'EUR', 'USD']);
      const amounts = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td .amount')].map((cell) => cell.textContent)));
      // On 20 August: the 1,000 EUR invoice not yet due (due 31 August), the dollar invoice 50 days past 1 July; nothing else issued yet.
      assert.deepEqual(amounts, [
        [money(100000, 'EUR'), money(0, 'USD')],
        [money(0, 'EUR'), money(0, 'USD')],
        [money(0, 'EUR'), money(70000, 'USD')],
        [money(0, 'EUR'), money(0, 'USD')],
        [money(0, 'EUR'), money(0, 'USD')],
        [money(100000, 'EUR'), money(70000, 'USD')],
      ]);
      assert.equal(await page.locator('#panel-disputes tbody tr').count(), 1, 'disputes are listed as they are now');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('makes its first complete view from two API requests: the reports overview and the disputes', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: LOCALE });
    try {
      const page = await context.newPage();
      const apiRequests: string[] = [];
      page.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (!path.startsWith('/dashboard')) apiRequests.push(path);
      });
      await page.goto(`${stack().apiUrl}/dashboard?asOf=2026-11-28`);
      await page.getByLabel('API key').fill(stack().apiKey);
      await page.getByRole('button', { name: 'Open dashboard' }).click();
      await page.locator('body[data-state="ready"]').waitFor();
      assert.deepEqual(apiRequests.sort(), ['/disputes', '/reports/overview']);
      assert.equal(await page.locator('.panel[data-state="ready"]').count(), 6, 'every panel shows its figures');
      assert.equal(await page.getByRole('status').textContent(), 'Figures as of 28 Nov 2026 loaded.');
    } finally {
      await context.close();
    }
  });

  it('shows an error in the panel whose report fails, and the other panels still', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: LOCALE });
    try {
      const page = await context.newPage();
      // A report failing on the server cannot be caused from outside, so the browser is told the API answered 500:
      // the overview (so the page loads each panel on its own), then the KPIs behind the DSO panel.
      await page.route((url) => url.pathname.endsWith('/reports/overview'), (route) => route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal_error', message: 'Something went wrong on our side' } }) }));
      await page.route((url) => url.pathname.endsWith('/reports/kpis'), (route) => route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal_error', message: 'Something went wrong on our side' } }) }));
      await page.goto(`${stack().apiUrl}/dashboard?asOf=2026-11-28`);
      await page.getByLabel('API key').fill(stack().apiKey);
      await page.getByRole('button', { name: 'Open dashboard' }).click();
      await page.locator('body[data-state="ready"]').waitFor();
      assert.equal(await page.locator('#panel-dso').getAttribute('data-state'), 'error');
      assert.equal(await page.locator('#panel-dso [role="alert"]').textContent(), 'Could not load the DSO trend: Something went wrong on our side (HTTP 500)');
      assert.equal(await page.locator('#panel-aging').getAttribute('data-state'), 'ready');
      assert.equal(await page.getByRole('status').textContent(), 'Figures as of 28 Nov 2026 loaded; 1 panel could not be loaded.');
      assert.equal(await page.locator('#panel-disputes').getAttribute('data-state'), 'ready');
    } finally {
      await context.close();
    }
  });

  it('asks for the key again when the API refuses it, and keeps a key only for the tab', async () => {
    const context = await browser.newContext({ locale: LOCALE });
    try {
      const page = await context.newPage();
      await page.goto(`${stack().apiUrl}/dashboard`);
      await page.getByLabel('API key').fill('arf_not-a-key-of-anyone-at-all');
      await page.getByRole('button', { name: 'Open dashboard' }).click();
      await page.locator('body[data-state="sign-in"] #key-error:not(:empty)').waitFor();
      assert.equal(await page.locator('#key-error').textContent(), 'The API refused this key (HTTP 403). Check it and enter it again.');
      assert.equal(await page.locator('#panels').isHidden(), true);
      await page.screenshot({ path: await screenshotPath('dashboard-sign-in') });
      assert.equal(await page.evaluate(inPage('sessionStorage.length + localStorage.length')), 0, 'a refused key is not kept');

      await page.getByLabel('API key').fill(stack().apiKey);
      await page.getByRole('button', { name: 'Open dashboard' }).click();
      await page.locator('body[data-state="ready"]').waitFor();
      await page.reload();
      await page.locator('body[data-state="ready"]').waitFor();
      assert.equal(await page.evaluate(inPage('localStorage.length')), 0, 'never in local storage');
      await page.getByRole('button', { name: 'Forget key' }).click();
      assert.equal(await page.evaluate(inPage('sessionStorage.length')), 0);
      assert.equal(await page.getByLabel('API key').isVisible(), true);
    } finally {
      await context.close();
    }
  });
});
