import { daysBetween, dateInZone } from '../calendar.js';
import { effectiveDueDate, type Invoice } from '../invoice.js';
import { formatMoney } from '../money.js';
import type { OutgoingEmail } from '../ports.js';
import { escapeHtml } from './escape-html.js';

export interface ConsolidatedNoticeInput {
  /** The invoices with a notice due today, in due-date order. */
  invoices: { invoice: Invoice; stage: string }[];
  now: Date;
  zone: string;
  senderName: string;
}

/** One email for all of a customer's notices of the day: a line per invoice, with what is due and how late. */
export function renderConsolidatedNotice({ invoices, now, zone, senderName }: ConsolidatedNoticeInput): OutgoingEmail {
  const first = invoices[0]!.invoice;
  const locale = first.customer.locale ?? 'en-US';
  const today = dateInZone(now, zone);
  const rows = invoices.map(({ invoice }) => {
    const due = effectiveDueDate(invoice);
    const daysOverdue = daysBetween(due, today);
    return {
      number: invoice.invoiceNumber,
      balance: formatMoney(invoice.balance, invoice.currency, locale),
      due,
      status: daysOverdue > 0 ? `${daysOverdue} day${daysOverdue === 1 ? '' : 's'} overdue` : daysOverdue === 0 ? 'due today' : `due in ${-daysOverdue} days`,
      link: invoice.paymentLinkUrl,
    };
  });
  const currencies = new Set(invoices.map(({ invoice }) => invoice.currency));
  const total = currencies.size === 1 ? formatMoney(invoices.reduce((sum, { invoice }) => sum + invoice.balance, 0), first.currency, locale) : undefined;
  const subject = `Payment reminder: ${invoices.length} invoices${total ? `, ${total} in total` : ''}`;
  const text = [
    `Dear ${first.customer.name},`,
    '',
    `The following ${invoices.length} invoices are due or overdue:`,
    ...rows.map((row) => `- Invoice ${row.number}: ${row.balance}, due ${row.due} (${row.status})${row.link ? `; pay online: ${row.link}` : ''}`),
    ...(total ? ['', `Total: ${total}`] : []),
    '',
    'If you have already paid, please ignore this message.',
    '',
    senderName,
  ].join('\n');
  const html = `<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; color: #1f2328; max-width: 40rem; margin: 0 auto; padding: 1rem;">
<p>Dear ${escapeHtml(first.customer.name)},</p>
<p>The following ${invoices.length} invoices are due or overdue:</p>
<table style="border-collapse: collapse;"><thead><tr><th scope="col" style="text-align:left;padding-right:1rem">Invoice</th><th scope="col" style="text-align:left;padding-right:1rem">Amount due</th><th scope="col" style="text-align:left;padding-right:1rem">Due date</th><th scope="col" style="text-align:left">Status</th></tr></thead><tbody>
${rows.map((row) => `<tr><td style="padding-right:1rem">${row.link ? `<a href="${escapeHtml(row.link)}">${escapeHtml(row.number)}</a>` : escapeHtml(row.number)}</td><td style="padding-right:1rem">${escapeHtml(row.balance)}</td><td style="padding-right:1rem">${escapeHtml(row.due)}</td><td>${escapeHtml(row.status)}</td></tr>`).join('\n')}
</tbody></table>
${total ? `<p><strong>Total: ${escapeHtml(total)}</strong></p>` : ''}
<p>If you have already paid, please ignore this message.</p>
<p>${escapeHtml(senderName)}</p>
</body></html>`;
  return {
    to: [first.customer.email],
    subject,
    text,
    html,
    headers: { 'X-Arflow-Invoice': invoices.map(({ invoice }) => invoice.invoiceNumber).join(','), 'X-Arflow-Stage': invoices.map(({ stage }) => stage).join(',') },
  };
}
