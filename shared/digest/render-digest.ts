import { formatMoney } from '../kernel/index.js';
import { escapeHtml } from '../kernel/index.js';
import type { OutgoingEmail } from '../kernel/index.js';
import type { DigestContent } from './weekly-digest.js';

const money = (amount: number, currency: string) => formatMoney(amount, currency, 'en-US');
const cell = (value: string) => `<td style="padding: 2px 8px; border-bottom: 1px solid #ddd;">${escapeHtml(value)}</td>`;
const headerCell = (value: string) => `<th style="padding: 2px 8px; text-align: left; border-bottom: 2px solid #999;">${escapeHtml(value)}</th>`;

function table(headers: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  if (rows.length === 0) return `<p>${escapeHtml(empty)}</p>`;
  return `<table style="border-collapse: collapse; font-size: 14px;"><thead><tr>${headers.map(headerCell).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
}

function textTable(rows: readonly (readonly string[])[], empty: string): string[] {
  return rows.length === 0 ? [empty] : rows.map((row) => `- ${row.join(' | ')}`);
}

/**
 * The weekly finance digest as plain text and HTML. Every value that came from upstream data (customer
 * ids, invoice numbers, dispute reasons, addresses) is HTML-escaped; the text part carries the same facts.
 */
export function renderDigest(content: DigestContent, recipients: readonly string[]): OutgoingEmail {
  const { tenantId, asOf } = content;
  const subject = `Weekly receivables digest (${tenantId}, ${asOf}): ${content.topOverdue.length} overdue accounts, ${content.escalations.length} escalations waiting, ${content.disputes.length} open disputes`;
  const overdueRows = content.topOverdue.map((row) => [row.customerId, money(row.overdue, row.currency), money(row.over60, row.currency), String(row.openInvoices), row.tier ?? '-']);
  const escalationRows = content.escalations.map((row) => [row.invoiceNumber, row.customerId, money(row.balanceMinor, row.currency), row.escalatedAt.slice(0, 10), row.expiresAt.slice(0, 16).replace('T', ' '), row.approvers.join(', ')]);
  const disputeRows = content.disputes.map((row) => [row.invoiceNumber, row.customerId, money(row.balance, row.currency), row.openedAt.slice(0, 10), row.reason]);
  const currencies = [...new Set(content.dsoTrend.flatMap((point) => point.dso.map((entry) => entry.currency)))].sort();
  const dsoRows = content.dsoTrend.map((point) => [
    `${point.from} to ${point.to}`,
    ...currencies.map((currency) => {
      const value = point.dso.find((entry) => entry.currency === currency)?.dso;
      return value === undefined || value === null ? '-' : value.toFixed(1);
    }),
  ]);
  const text = [
    `Receivables digest for ${tenantId}, as of ${asOf}.`,
    '',
    'Top overdue accounts (customer | past due | of which over 60 days | open invoices | risk tier):',
    ...textTable(overdueRows, 'Nothing is overdue.'),
    '',
    'Escalations waiting for a decision (invoice | customer | balance | escalated | expires (UTC) | approvers):',
    ...textTable(escalationRows, 'None.'),
    '',
    'Open disputes (invoice | customer | balance | opened | reason):',
    ...textTable(disputeRows, 'None.'),
    '',
    `DSO, days, by month (${currencies.length > 0 ? currencies.join(' | ') : 'no sales'}):`,
    ...textTable(dsoRows, 'No invoices in the last six months.'),
  ].join('\n');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 48rem; margin: 0 auto; padding: 1rem;">
<h1 style="font-size: 20px;">Receivables digest for ${escapeHtml(tenantId)}, as of ${escapeHtml(asOf)}</h1>
<h2 style="font-size: 16px;">Top overdue accounts</h2>
${table(['Customer', 'Past due', 'Over 60 days', 'Open invoices', 'Risk tier'], overdueRows, 'Nothing is overdue.')}
<h2 style="font-size: 16px;">Escalations waiting for a decision</h2>
${table(['Invoice', 'Customer', 'Balance', 'Escalated', 'Expires (UTC)', 'Approvers'], escalationRows, 'None.')}
<h2 style="font-size: 16px;">Open disputes</h2>
${table(['Invoice', 'Customer', 'Balance', 'Opened', 'Reason'], disputeRows, 'None.')}
<h2 style="font-size: 16px;">DSO by month (days)</h2>
${table(['Month', ...currencies], dsoRows, 'No invoices in the last six months.')}
</body></html>`;
  return { to: [...recipients], subject, text, html, headers: { 'X-Arflow-Digest': `${tenantId}:${asOf}` } };
}
