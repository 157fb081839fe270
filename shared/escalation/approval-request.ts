import { daysBetween, dateInZone } from '../kernel/index.js';
import { decisionLabels } from './escalation.js';
import { effectiveDueDate, type Invoice } from '../invoicing/index.js';
import { formatMoney } from '../kernel/index.js';
import type { CollectionPolicy, EscalationDecision } from '../policies/index.js';
import type { OutgoingEmail } from '../kernel/index.js';
import type { NoticeRecord } from '../invoicing/index.js';
import { escapeHtml } from '../kernel/index.js';

export interface ApprovalRequestInput {
  invoice: Invoice;
  approver: string;
  links: { decision: EscalationDecision; url: string }[];
  notices: NoticeRecord[];
  policy: CollectionPolicy;
  now: Date;
  expiresAt: Date;
}

/** The email that asks finance to decide on an escalation: the facts, then one link per decision. */
export function renderApprovalRequest({ invoice, approver, links, notices, policy, now, expiresAt }: ApprovalRequestInput): OutgoingEmail {
  const zone = invoice.customer.timezone ?? policy.defaultTimezone;
  const daysOverdue = daysBetween(effectiveDueDate(invoice), dateInZone(now, zone));
  const balance = formatMoney(invoice.balance, invoice.currency, 'en-US');
  const days = { extendDays: policy.escalation?.extendDays ?? 14, pauseDays: policy.escalation?.pauseDays ?? 30 };
  const sent = notices.filter((notice) => notice.status === 'sent');
  const subject = `Approval needed: invoice ${invoice.invoiceNumber} (${invoice.customer.name}), ${balance}, ${daysOverdue} days overdue`;
  const text = [
    `Invoice ${invoice.invoiceNumber} of ${invoice.customer.name} is ${daysOverdue} days overdue with ${balance} outstanding.`,
    `Reminders sent: ${sent.length === 0 ? 'none' : sent.map((notice) => `${notice.stage} (${notice.at.slice(0, 10)})`).join(', ')}.`,
    '',
    'Choose what happens next (each link opens a confirmation page first):',
    ...links.map((link) => `- ${decisionLabels[link.decision](days)}: ${link.url}`),
    '',
    `The links expire ${expiresAt.toISOString()}; after that the policy decides (${policy.escalation?.onTimeout ?? 'stop'}).`,
  ].join('\n');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 0 auto; padding: 1rem;">
<p>Invoice <strong>${escapeHtml(invoice.invoiceNumber)}</strong> of ${escapeHtml(invoice.customer.name)} is <strong>${daysOverdue} days overdue</strong> with <strong>${escapeHtml(balance)}</strong> outstanding.</p>
<p>Reminders sent: ${sent.length === 0 ? 'none' : sent.map((notice) => `${escapeHtml(notice.stage)} (${escapeHtml(notice.at.slice(0, 10))})`).join(', ')}.</p>
<ul>${links.map((link) => `<li><a href="${escapeHtml(link.url)}">${escapeHtml(decisionLabels[link.decision](days))}</a></li>`).join('')}</ul>
<p>Each link opens a confirmation page first. They expire ${escapeHtml(expiresAt.toISOString())}.</p>
</body></html>`;
  return { to: [approver], subject, text, html, headers: { 'X-Arflow-Invoice': invoice.invoiceNumber, 'X-Arflow-Stage': 'escalation' } };
}
