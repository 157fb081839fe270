import Mustache from 'mustache';
import type { ResolvedBranding } from './branding.js';
import { escapeHtml } from '../kernel/index.js';
import { noticeLayoutHtml } from './layout/notice-layout.generated.js';

/** Everything a notice shows, already worded and formatted; the layout escapes each value. */
export interface NoticeContent {
  lang: string;
  subject: string;
  paragraphs: string[];
  facts?: { label: string; value: string }[];
  table?: { headers: { invoice: string; amount: string; dueDate: string; status: string }; rows: { number: string; url?: string; amount: string; dueDate: string; status: string }[]; totals: { label: string; value: string }[] };
  /** `label` on the HTML button, `textLabel` before the URL in the plain text. */
  payButton?: { url: string; label: string; textLabel: string };
  /** The link back to the invoice (its self-service page). */
  viewLink?: { url: string; label: string };
  notes?: string[];
  actions?: { url: string; label: string }[];
  /** Shown when there are no actions. */
  ignoreIfPaid?: string;
  /** How to pay by bank transfer: reference and account lines, and the EPC QR code (an inline `cid:` image). */
  transfer?: { heading: string; lines: { label: string; value: string }[]; qrCode?: { src: string; alt: string; caption: string } };
}

/**
 * The HTML part (the MJML layout compiled at build time, rendered with mustache: every value escaped)
 * and the plain-text part of a notice, from the same content.
 */
export function renderNotice(content: NoticeContent, brand: ResolvedBranding): { subject: string; html: string; text: string } {
  const signature = [brand.signature ?? brand.displayName].join('\n');
  const html = Mustache.render(noticeLayoutHtml, {
    lang: content.lang,
    title: content.subject,
    preview: content.paragraphs[1] ?? content.paragraphs[0] ?? '',
    brand: { displayName: brand.displayName, logoUrl: brand.logoUrl, ...brand.colours },
    paragraphs: content.paragraphs,
    facts: content.facts ?? [],
    rows: content.table?.rows ?? [],
    headers: content.table?.headers,
    totals: content.table?.totals ?? [],
    payButton: content.payButton,
    viewLink: content.viewLink,
    notes: content.notes ?? [],
    transfer: content.transfer,
    actions: content.actions ?? [],
    ignoreIfPaid: content.actions?.length ? undefined : content.ignoreIfPaid,
    signature,
    footer: brand.footer,
  }, {}, { escape: escapeHtml });
  const text = [
    content.paragraphs.join('\n\n'),
    content.table
      ? [
          ...content.table.rows.map((row) => `- ${content.table!.headers.invoice} ${row.number}: ${row.amount}, ${content.table!.headers.dueDate} ${row.dueDate} (${row.status})${row.url ? `; ${row.url}` : ''}`),
          ...content.table.totals.map((total) => `${total.label}: ${total.value}`),
        ].join('\n')
      : undefined,
    [content.payButton ? `${content.payButton.textLabel}: ${content.payButton.url}` : undefined, content.viewLink ? `${content.viewLink.label}: ${content.viewLink.url}` : undefined]
      .filter(Boolean)
      .join('\n') || undefined,
    content.transfer ? [`${content.transfer.heading}:`, ...content.transfer.lines.map((line) => `${line.label}: ${line.value}`)].join('\n') : undefined,
    content.notes?.length ? content.notes.join('\n') : undefined,
    content.actions?.length ? content.actions.map((action) => `${action.label}: ${action.url}`).join('\n') : content.ignoreIfPaid,
    signature,
    brand.footer ? `--\n${brand.footer}` : undefined,
  ]
    .filter((part): part is string => part !== undefined && part !== '')
    .join('\n\n');
  return { subject: content.subject, html, text: `${text}\n` };
}
