import { daysBetween } from '../../shared/kernel/index.js';
import { decisionLabels, type DecisionLink } from '../../shared/escalation/index.js';
import { effectiveDueDate, type Invoice } from '../../shared/invoicing/index.js';
import { formatMoney } from '../../shared/kernel/index.js';
import type { CollectionPolicy } from '../../shared/policies/index.js';
import type { NoticeRecord } from '../../shared/invoicing/index.js';
import { escapeHtml } from '../../shared/kernel/index.js';
import type { LinkRefusal } from '../../shared/escalation/index.js';

/** Plain, accessible pages that work on a phone: no scripts, no external assets. */
function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1rem;color:#1f2328;line-height:1.5}
table{border-collapse:collapse}th{text-align:left;padding:.25rem 1rem .25rem 0}button{font-size:1rem;padding:.7rem 1.4rem;border:0;border-radius:.3rem;background:#0b5fff;color:#fff;cursor:pointer}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function confirmationPage(args: { link: DecisionLink; invoice: Invoice; notices: NoticeRecord[]; policy: CollectionPolicy; now: Date; expires: number; signature: string }): string {
  const { link, invoice, notices, policy, now } = args;
  const label = decisionLabels[link.decision]({ extendDays: policy.escalation?.extendDays ?? 14, pauseDays: policy.escalation?.pauseDays ?? 30 });
  const daysOverdue = daysBetween(effectiveDueDate(invoice), now.toISOString().slice(0, 10));
  const history = notices
    .filter((notice) => notice.status === 'sent')
    .map((notice) => `<li>${escapeHtml(notice.stage)}: sent ${escapeHtml(notice.at.slice(0, 10))}</li>`)
    .join('');
  return page(
    `Confirm: ${label}`,
    `<table>
<tr><th scope="row">Invoice</th><td>${escapeHtml(invoice.invoiceNumber)}</td></tr>
<tr><th scope="row">Customer</th><td>${escapeHtml(invoice.customer.name)}</td></tr>
<tr><th scope="row">Outstanding</th><td>${escapeHtml(formatMoney(invoice.balance, invoice.currency))}</td></tr>
<tr><th scope="row">Days overdue</th><td>${daysOverdue}</td></tr>
<tr><th scope="row">Decided by</th><td>${escapeHtml(link.approver)}</td></tr>
</table>
<h2>Notices sent</h2><ul>${history || '<li>none</li>'}</ul>
<form method="post" action="">
<input type="hidden" name="expires" value="${link.expiresAt}"><input type="hidden" name="sig" value="${escapeHtml(args.signature)}">
<button type="submit">${escapeHtml(label)}</button>
</form>
<p>Nothing changes until you press the button.</p>`,
  );
}

export function decidedPage(link: DecisionLink, policy?: CollectionPolicy): string {
  const label = decisionLabels[link.decision]({ extendDays: policy?.escalation?.extendDays ?? 14, pauseDays: policy?.escalation?.pauseDays ?? 30 });
  return page('Decision recorded', `<p>${escapeHtml(label)}: recorded for invoice ${escapeHtml(link.invoiceNumber)} by ${escapeHtml(link.approver)}. The collection workflow continues accordingly.</p>`);
}

const refusals: Record<LinkRefusal, [number, string, string]> = {
  invalid: [404, 'This link is not valid', 'The link is incomplete or has been changed. Use the link from the email exactly as it is.'],
  expired: [410, 'This link has expired', 'The time to decide through this link has passed; the collection policy decides now.'],
  used: [409, 'This link was already used', 'A decision was already recorded through this link. Nothing was changed.'],
  decided: [409, 'A decision was already made', 'This escalation was already decided (through another link, or by the policy when its time ran out). Nothing was changed.'],
  closed: [409, 'This invoice is no longer being collected', 'The invoice was paid or closed while the escalation waited. Nothing was changed.'],
};

export function refusalPage(reason: LinkRefusal): { statusCode: number; html: string } {
  const [statusCode, title, text] = refusals[reason];
  return { statusCode, html: page(title, `<p>${escapeHtml(text)}</p>`) };
}
