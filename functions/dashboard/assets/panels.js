// @ts-check
/** One function per dashboard panel: it fills the panel's body from an API answer. */
import { barChart, lineChart, mountChart } from './charts.js';
import { el, note, table } from './dom.js';
import { compactMoney, date, dayMonth, figure, money, month } from './format.js';

/** @typedef {{ currency: string, amountMinor: number }} Money */

const bucketNames = /** @type {const} */ (['current', '1-30', '31-60', '61-90', '90+']);
const bucketLabels = { current: 'Not yet due', '1-30': '1–30', '31-60': '31–60', '61-90': '61–90', '90+': 'Over 90' };

/**
 * A chart in its own box, drawn once the box is in the page (its width decides the drawing).
 * @param {HTMLElement} body
 * @param {(width: number) => SVGElement} draw
 * @param {string} [caption]
 */
function addChart(body, draw, caption) {
  const box = el('div', { class: 'chart-box' });
  body.append(caption ? el('figure', { class: 'chart-figure' }, [el('figcaption', {}, [caption]), box]) : box);
  mountChart(box, draw);
}

/**
 * @param {Money[]} amounts
 */
export function moneyList(amounts) {
  return amounts.length === 0 ? '–' : amounts.map((amount) => money(amount.amountMinor, amount.currency)).join(', ');
}

/**
 * @param {number} amountMinor
 * @param {string} currency
 * @param {number} [count] invoices
 */
function amountCell(amountMinor, currency, count) {
  return el('span', {}, [el('span', { class: 'amount' }, [money(amountMinor, currency)]), count === undefined ? null : el('span', { class: 'count' }, [`${count} invoice${count === 1 ? '' : 's'}`])]);
}

/**
 * GET /reports/aging: a bar chart per currency, the buckets as a table, and the most overdue customers.
 * @param {HTMLElement} body
 * @param {{ asOf: string, totals: AgingRow[], customers: (AgingRow & { customerId: string })[] }} aging
 * @typedef {{ currency: string, buckets: Record<string, number>, counts: Record<string, number>, total: number, invoices: number }} AgingRow
 */
export function renderAging(body, aging) {
  body.replaceChildren();
  if (aging.totals.length === 0) {
    body.append(note(`No open invoices on ${date(aging.asOf)}.`));
    return;
  }
  const summaries = el('ul', { class: 'headline' });
  for (const row of aging.totals) {
    const overdue = row.total - (row.buckets['current'] ?? 0);
    summaries.append(
      el('li', {}, [
        el('span', { class: 'big' }, [money(row.total, row.currency)]),
        el('span', {}, [` open in ${row.invoices} invoice${row.invoices === 1 ? '' : 's'}, `]),
        el('strong', {}, [money(overdue, row.currency)]),
        el('span', {}, [' overdue']),
      ]),
    );
  }
  body.append(summaries);
  const charts = el('div', { class: 'chart-row' });
  body.append(charts);
  for (const row of aging.totals) {
    addChart(
      charts,
      barChart({
        label: `Open ${row.currency} balance by days past due on ${date(aging.asOf)}; the figures are in the table below`,
        labels: bucketNames.map((name) => (name === 'current' ? 'Not due' : name)),
        values: bucketNames.map((name) => row.buckets[name] ?? 0),
        format: (value) => money(value, row.currency),
        axisFormat: (value) => compactMoney(value, row.currency),
        barClass: (index) => `bucket-${index}`,
      }),
      aging.totals.length > 1 ? row.currency : undefined,
    );
  }
  const totalRow = ['Total', ...aging.totals.map((row) => amountCell(row.total, row.currency, row.invoices))];
  body.append(
    table({
      caption: `Open balance by days past due, ${date(aging.asOf)}`,
      columns: ['Days past due', ...aging.totals.map((row) => row.currency)],
      rows: [...bucketNames.map((name) => [bucketLabels[name], ...aging.totals.map((row) => amountCell(row.buckets[name] ?? 0, row.currency, row.counts[name] ?? 0))]), totalRow],
      rowHeaders: true,
      numeric: aging.totals.map((_row, index) => index + 1),
      className: 'data aging-table',
    }),
  );
  // The oldest debt first (the index of the oldest bucket with a balance), then the larger one.
  const overdueCustomers = aging.customers
    .map((row) => ({ ...row, overdue: row.total - (row.buckets['current'] ?? 0), oldest: Math.max(...bucketNames.map((name, index) => ((row.buckets[name] ?? 0) > 0 ? index : 0))) }))
    .filter((row) => row.overdue > 0)
    .sort((a, b) => b.oldest - a.oldest || b.overdue - a.overdue)
    .slice(0, 5);
  if (overdueCustomers.length > 0) {
    body.append(
      table({
        caption: 'Most overdue customers',
        columns: ['Customer', 'Overdue', 'Oldest', 'Open'],
        rows: overdueCustomers.map((row) => [row.customerId, money(row.overdue, row.currency), `${bucketLabels[bucketNames[row.oldest] ?? '1-30']} days`, money(row.total, row.currency)]),
        rowHeaders: true,
        numeric: [1, 3],
        className: 'data stack',
      }),
    );
  }
}

/**
 * GET /reports/kpis: the DSO of the last 90 days as the headline, then DSO per month and currency
 * (interval=month over 12 months) as a line chart and a table.
 * @param {HTMLElement} body
 * @param {{ recent: Kpis, monthly: Kpis & { periods?: Period[] } }} kpis
 * @typedef {{ from: string, to: string, sharePaidLate: number | null, averageDaysLate: number | null, disputeRate: number | null, currencies: CurrencyKpis[] }} Kpis
 * @typedef {{ from: string, to: string, currencies: CurrencyKpis[] }} Period
 * @typedef {{ currency: string, dso: number | null, countBackDso: number | null, cei: number | null }} CurrencyKpis
 */
export function renderDso(body, { recent, monthly }) {
  body.replaceChildren();
  const periods = monthly.periods ?? [];
  const currencies = [...new Set(periods.flatMap((period) => period.currencies.map((row) => row.currency)))].sort();
  if (currencies.length === 0) {
    body.append(note(`No receivables between ${date(monthly.from)} and ${date(monthly.to)}.`));
    return;
  }
  const headline = recent.currencies.filter((row) => row.dso !== null || row.countBackDso !== null);
  if (headline.length > 0) {
    body.append(
      el(
        'ul',
        { class: 'headline' },
        headline.map((row) =>
          el('li', {}, [el('span', { class: 'big' }, [figure(row.dso ?? row.countBackDso, ' days')]), ` ${row.currency} DSO`, row.dso === null ? ' (count-back)' : '', `, ${dayMonth(recent.from)} – ${dayMonth(recent.to)}`]),
        ),
      ),
    );
  }
  addChart(
    body,
    lineChart({
      label: `Days sales outstanding per month, ${month(monthly.from)} to ${month(monthly.to)}; the figures are in the table below`,
      labels: periods.map((period) => month(period.from)),
      series: currencies.map((currency) => ({ name: currency, values: periods.map((period) => period.currencies.find((row) => row.currency === currency)?.dso ?? null) })),
      format: (value) => figure(value, ' days'),
      axisFormat: (value) => figure(value),
    }),
  );
  if (currencies.length > 1) {
    body.append(el('ul', { class: 'legend' }, currencies.map((currency, index) => el('li', {}, [el('span', { class: `swatch series-${index % 4}`, 'aria-hidden': 'true' }), currency]))));
  }
  body.append(
    note(
      `Since ${month(monthly.from)}: ${figure(monthly.sharePaidLate, ' %')} of settled invoices paid late, ${figure(monthly.averageDaysLate, ' days')} late on average; ${figure(monthly.disputeRate, ' %')} of invoices disputed. A month's DSO is its receivables at the end over its sales; a month with little invoicing shows a high DSO.`,
    ),
  );
  const rows = [...periods].reverse().flatMap((period) =>
    period.currencies.map((row) => [el('span', { class: 'nowrap' }, [month(period.from)]), row.currency, figure(row.dso), figure(row.countBackDso), figure(row.cei, ' %')]),
  );
  body.append(table({ caption: 'DSO (days) and CEI per month, newest first', columns: ['Month', 'Currency', 'DSO', 'Count-back', 'CEI'], rows, numeric: [2, 3, 4], className: 'data dso-table' }));
}

/**
 * GET /reports/forecast: expected collections per week for 13 weeks, per currency.
 * @param {HTMLElement} body
 * @param {{ asOf: string, weeks: { weekStart: string, weekEnd: string, amounts: (Money & { invoices: number })[] }[], beyond: (Money & { invoices: number })[] }} forecast
 */
export function renderForecast(body, forecast) {
  body.replaceChildren();
  const currencies = [...new Set([...forecast.weeks.flatMap((week) => week.amounts.map((amount) => amount.currency)), ...forecast.beyond.map((amount) => amount.currency)])].sort();
  if (currencies.length === 0) {
    body.append(note(`Nothing left to collect after ${date(forecast.asOf)}.`));
    return;
  }
  /** @param {{ amounts: (Money & { invoices: number })[] }} week @param {string} currency */
  const amountIn = (week, currency) => week.amounts.find((amount) => amount.currency === currency);
  body.append(
    el(
      'ul',
      { class: 'headline' },
      currencies.map((currency) => {
        const total = forecast.weeks.reduce((sum, week) => sum + (amountIn(week, currency)?.amountMinor ?? 0), 0);
        return el('li', {}, [el('span', { class: 'big' }, [money(total, currency)]), ' expected in the next 13 weeks']);
      }),
    ),
  );
  for (const currency of currencies) {
    addChart(
      body,
      barChart({
        label: `Expected ${currency} collections per week from ${date(forecast.asOf)}; the figures are in the table below`,
        labels: forecast.weeks.map((week) => dayMonth(week.weekStart)),
        values: forecast.weeks.map((week) => amountIn(week, currency)?.amountMinor ?? 0),
        format: (value) => money(value, currency),
        axisFormat: (value) => compactMoney(value, currency),
      }),
      currencies.length > 1 ? currency : undefined,
    );
  }
  /** @param {Money & { invoices: number } | undefined} amount @param {string} currency */
  const cell = (amount, currency) => (amount ? amountCell(amount.amountMinor, currency, amount.invoices) : '–');
  const rows = forecast.weeks.map((week) => [`${dayMonth(week.weekStart)} – ${dayMonth(week.weekEnd)}`, ...currencies.map((currency) => cell(amountIn(week, currency), currency))]);
  rows.push(['Later', ...currencies.map((currency) => cell(forecast.beyond.find((amount) => amount.currency === currency), currency))]);
  body.append(table({ caption: 'Expected collections per week', columns: ['Week', ...currencies], rows, rowHeaders: true, numeric: currencies.map((_c, index) => index + 1), className: 'data forecast-table' }));
}
