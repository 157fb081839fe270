import { daysBetween, dateInZone } from '../kernel/index.js';
import { effectiveDueDate, type Invoice } from '../invoicing/index.js';
import { formatMoney } from '../kernel/index.js';
import type { OutgoingEmail } from '../kernel/index.js';
import { resolveBranding, type ResolvedBranding } from './branding.js';
import { noticeLabels } from './labels.js';
import { formattingLocale, languageOf } from './language.js';
import { formatCalendarDate, senderOf } from './reminder-notice.js';
import { listTransferBlock } from './payment-instructions.js';
import { renderNotice } from './render-notice.js';
import { renderTemplate, templateFor, type StoredTemplate } from './templates.js';

export interface InvoiceListNoticeInput {
  kind: 'consolidated' | 'statement';
  /** Oldest due date first; each with the link back to it when there is one. */
  invoices: { invoice: Invoice; viewUrl?: string | undefined }[];
  now: Date;
  zone: string;
  /** The customer's locale (profile, else invoice). */
  locale?: string | undefined;
  senderName: string;
  branding?: ResolvedBranding | undefined;
  templates?: readonly StoredTemplate[] | undefined;
}

/** Sums per currency, in the order the currencies first appear. */
export function totalsByCurrency(invoices: readonly Pick<Invoice, 'balance' | 'currency'>[]): { currency: string; balance: number }[] {
  const totals = new Map<string, number>();
  for (const { balance, currency } of invoices) totals.set(currency, (totals.get(currency) ?? 0) + balance);
  return [...totals].map(([currency, balance]) => ({ currency, balance }));
}

/**
 * A notice listing several invoices of one customer: the consolidated reminder (the day's notices in
 * one email) or the account statement (every open invoice). A line per invoice with its link, and a
 * total per currency (amounts in different currencies are never added up).
 */
export function renderInvoiceListNotice(input: InvoiceListNoticeInput): OutgoingEmail {
  const first = input.invoices[0]!.invoice;
  const localeSetting = input.locale ?? first.customer.locale;
  const locale = formattingLocale(localeSetting);
  const language = languageOf(localeSetting);
  const labels = noticeLabels[language];
  const brand = input.branding ?? resolveBranding(undefined, input.senderName, []);
  const today = dateInZone(input.now, input.zone);
  const totals = totalsByCurrency(input.invoices.map(({ invoice }) => invoice)).map(({ currency, balance }) => ({ label: `${labels.total} ${currency}`, value: formatMoney(balance, currency, locale) }));
  const rendered = renderTemplate(templateFor(input.kind, language, input.templates ?? []), {
    customerName: first.customer.name,
    invoiceCount: input.invoices.length,
    total: totals.length === 1 ? totals[0]!.value : undefined,
    date: formatCalendarDate(today, locale),
    senderName: brand.displayName,
  });
  const email = renderNotice(
    {
      lang: locale,
      subject: rendered.subject,
      paragraphs: rendered.paragraphs,
      table: {
        headers: { invoice: labels.invoice, amount: labels.amountDue, dueDate: labels.dueDate, status: labels.status },
        rows: input.invoices.map(({ invoice, viewUrl }) => ({
          number: invoice.invoiceNumber,
          ...((viewUrl ?? invoice.paymentLinkUrl) ? { url: (viewUrl ?? invoice.paymentLinkUrl)! } : {}),
          amount: formatMoney(invoice.balance, invoice.currency, locale),
          dueDate: formatCalendarDate(effectiveDueDate(invoice), locale),
          status: labels.rowStatus(daysBetween(effectiveDueDate(invoice), today)),
        })),
        totals,
      },
      transfer: listTransferBlock(input.invoices.map(({ invoice }) => invoice), brand.bank, labels.transfer),
      ignoreIfPaid: labels.ignoreIfPaid,
    },
    brand,
  );
  return {
    to: [first.customer.email],
    ...email,
    headers: { 'X-Arflow-Invoice': input.invoices.map(({ invoice }) => invoice.invoiceNumber).join(','), 'X-Arflow-Stage': input.kind },
    ...senderOf(brand),
  };
}
