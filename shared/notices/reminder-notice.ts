import { daysBetween, dateInZone } from '../calendar.js';
import type { Invoice } from '../invoice.js';
import { formatMoney } from '../money.js';
import type { OutgoingEmail } from '../ports.js';
import { escapeHtml } from './escape-html.js';
import type { LateCharges } from '../late-charges.js';
import type { CustomerAction } from '../self-service.js';

export interface ReminderNoticeInput {
  invoice: Invoice;
  stage: string;
  now: Date;
  /** Zone for "today" when the customer has none. */
  defaultTimezone: string;
  senderName: string;
  /** The policy stage's wording and optional subject (`{invoiceNumber}`, `{amount}`, `{dueDate}`, `{daysOverdue}`). */
  template?: 'friendly' | 'firm' | 'urgent';
  subject?: string;
  /** Set for the final notice that opens the grace period. */
  finalNotice?: { deadline: Date; action: 'write-off' | 'agency' | 'credit-hold' | 'none' };
  /** Late-payment charges the policy claims, shown but never added to the invoice. */
  lateCharges?: LateCharges;
  /** The recipient's signed self-service links (already paid, dispute, promise, payment plan). */
  selfService?: Record<CustomerAction, string> | undefined;
  /** Set for the notice that follows a broken promise to pay. */
  brokenPromise?: { date: string };
}

const openings = {
  friendly: 'This is a friendly reminder.',
  firm: 'Our records show this invoice is still unpaid; please arrange payment now.',
  urgent: 'This invoice is seriously overdue. Please pay immediately or contact us today.',
} as const;

/** The debtor's self-service links, in the order a notice lists them (after "pay now"). */
const selfServiceLabels: [CustomerAction, string][] = [
  ['already-paid', "I've already paid"],
  ['dispute', 'I dispute this invoice'],
  ['promise', "I'll pay by a date"],
  ['payment-plan', 'I need a payment plan'],
];

const finalConsequence = {
  'write-off': 'we will close the account and take further steps',
  agency: 'we will pass the debt to a collections agency',
  'credit-hold': 'we will place your account on credit hold and supply nothing further on credit',
  none: 'we will take further steps',
} as const;

/** A reminder email (HTML + plain text) for one invoice at one stage. */
export function renderReminderNotice({ invoice, stage, now, defaultTimezone, senderName, template = 'friendly', subject: subjectTemplate, finalNotice, lateCharges, selfService, brokenPromise }: ReminderNoticeInput): OutgoingEmail {
  const locale = invoice.customer.locale ?? 'en-US';
  const today = dateInZone(now, invoice.customer.timezone ?? defaultTimezone);
  const dueDateValue = invoice.extendedDueDate ?? invoice.dueDate;
  const daysOverdue = daysBetween(dueDateValue, today);
  const balance = formatMoney(invoice.balance, invoice.currency, locale);
  const original = formatMoney(invoice.amount, invoice.currency, locale);
  const dueDate = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${dueDateValue}T00:00:00Z`));
  const partlyPaid = invoice.balance < invoice.amount;

  const status =
    daysOverdue > 0
      ? `is ${daysOverdue} day${daysOverdue === 1 ? '' : 's'} overdue (due ${dueDate})`
      : daysOverdue === 0
        ? `is due today (${dueDate})`
        : `is due on ${dueDate}, in ${-daysOverdue} day${daysOverdue === -1 ? '' : 's'}`;
  const deadline = finalNotice ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: invoice.customer.timezone ?? defaultTimezone }).format(finalNotice.deadline) : '';
  const promisedBy = brokenPromise ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${brokenPromise.date}T00:00:00Z`)) : '';
  const finalLine = finalNotice
    ? `FINAL NOTICE: unless ${balance} is paid by ${deadline}, ${finalConsequence[finalNotice.action]}.`
    : brokenPromise
      ? `You told us you would pay by ${promisedBy}. We have not received the payment, so we are resuming our reminders.`
      : undefined;
  const subject = subjectTemplate
    ? subjectTemplate.replace(/\{(invoiceNumber|amount|dueDate|daysOverdue)\}/g, (_match, name: string) => ({ invoiceNumber: invoice.invoiceNumber, amount: balance, dueDate, daysOverdue: String(daysOverdue) })[name] ?? '')
    : finalNotice
      ? `Final notice: invoice ${invoice.invoiceNumber}, ${balance}, pay by ${deadline}`
      : brokenPromise
        ? `Payment promised by ${promisedBy} not received: invoice ${invoice.invoiceNumber}, ${balance}`
      : daysOverdue > 0
        ? `Overdue: invoice ${invoice.invoiceNumber}, ${balance}, ${daysOverdue} day${daysOverdue === 1 ? '' : 's'} past due`
        : `Reminder: invoice ${invoice.invoiceNumber}, ${balance}, due ${dueDate}`;

  const chargesLine = lateCharges
    ? `Late-payment charges we are entitled to claim (not added to the invoice): interest ${formatMoney(lateCharges.interest, lateCharges.currency, locale)} for ${lateCharges.daysOverdue} days, fixed compensation ${formatMoney(lateCharges.fixedCompensation, lateCharges.currency, locale)}; total ${formatMoney(lateCharges.total, lateCharges.currency, locale)}.`
    : undefined;
  const lines = [
    `Dear ${invoice.customer.name},`,
    '',
    finalLine ?? openings[template],
    `Invoice ${invoice.invoiceNumber} ${status}.`,
    `Amount due: ${balance}${partlyPaid ? ` (of ${original}; thank you for the payment received)` : ''}`,
    invoice.poNumber ? `Your PO number: ${invoice.poNumber}` : undefined,
    invoice.paymentLinkUrl ? `Pay online: ${invoice.paymentLinkUrl}` : undefined,
    chargesLine,
    lateCharges?.note,
    '',
    ...(selfService ? selfServiceLabels.map(([action, label]) => `${label}: ${selfService[action]}`) : ['If you have already paid, please ignore this message.']),
    '',
    `${senderName}`,
  ].filter((line): line is string => line !== undefined);

  const rows: [string, string][] = [
    ['Invoice', invoice.invoiceNumber],
    ['Amount due', balance],
    ...(partlyPaid ? ([['Original amount', original]] as [string, string][]) : []),
    ['Due date', dueDate],
    ['Days overdue', String(Math.max(0, daysOverdue))],
    ...(invoice.poNumber ? ([['PO number', invoice.poNumber]] as [string, string][]) : []),
  ];
  const html = `<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; color: #1f2328; max-width: 36rem; margin: 0 auto; padding: 1rem;">
<p>Dear ${escapeHtml(invoice.customer.name)},</p>
<p>${finalLine ? `<strong>${escapeHtml(finalLine)}</strong>` : escapeHtml(openings[template])}</p>
<p>Invoice <strong>${escapeHtml(invoice.invoiceNumber)}</strong> ${escapeHtml(status)}.</p>
<table role="presentation" style="border-collapse: collapse; margin: 1rem 0;">
${rows.map(([label, value]) => `<tr><th scope="row" style="text-align: left; padding: .25rem 1rem .25rem 0;">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n')}
</table>
${invoice.paymentLinkUrl ? `<p><a href="${escapeHtml(invoice.paymentLinkUrl)}" style="display: inline-block; padding: .6rem 1.2rem; background: #0b5fff; color: #fff; border-radius: .3rem; text-decoration: none;">Pay ${escapeHtml(balance)} now</a></p>` : ''}
${chargesLine ? `<p>${escapeHtml(chargesLine)}${lateCharges?.note ? `<br><small>${escapeHtml(lateCharges.note)}</small>` : ''}</p>` : ''}
${selfService ? `<ul>${selfServiceLabels.map(([action, label]) => `<li><a href="${escapeHtml(selfService[action])}">${escapeHtml(label)}</a></li>`).join('')}</ul>` : '<p>If you have already paid, please ignore this message.</p>'}
<p>${escapeHtml(senderName)}</p>
</body></html>`;

  return {
    to: [invoice.customer.email],
    subject,
    text: lines.join('\n'),
    html,
    headers: { 'X-Arflow-Invoice': invoice.invoiceNumber, 'X-Arflow-Stage': stage },
  };
}
