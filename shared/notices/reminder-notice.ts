import { daysBetween, dateInZone } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import { formatMoney } from '../kernel/index.js';
import type { OutgoingEmail } from '../kernel/index.js';
import type { LateCharges } from '../policies/index.js';
import { customerActions, type CustomerAction } from '../self-service/index.js';
import { resolveBranding, type ResolvedBranding } from './branding.js';
import { noticeLabels } from './labels.js';
import { formattingLocale, languageOf, type NoticeLanguage } from './language.js';
import { epcQrAttachment, paymentInstructionsFor, transferBlock } from './payment-instructions.js';
import { renderNotice } from './render-notice.js';
import { renderTemplate, templateFor, type StoredTemplate } from './templates.js';
import type { TemplateKind } from './template-kinds.js';

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
  /** The customer's locale (its profile's, else the invoice's): picks the language and the formats. */
  locale?: string;
  /** Picks the template language when set; else the locale does. */
  language?: NoticeLanguage;
  branding?: ResolvedBranding;
  /** The tenant's template overrides. */
  templates?: readonly StoredTemplate[];
  /** The link back to the invoice (its self-service page). */
  viewUrl?: string;
}

/** Building an Intl.DateTimeFormat costs far more than using one (it showed per notice in the simulator's profile): one per locale and zone, kept. */
const longDateFormats = new Map<string, Intl.DateTimeFormat>();

function longDateFormat(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}\u0000${timeZone}`;
  let format = longDateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone });
    longDateFormats.set(key, format);
  }
  return format;
}

/** Long dates in the customer's locale; `YYYY-MM-DD` dates are calendar days (no zone shift). */
export const formatCalendarDate = (date: string, locale: string) => longDateFormat(locale, 'UTC').format(new Date(`${date}T00:00:00Z`));

/** A reminder email (HTML + plain text) for one invoice at one stage, in the customer's language. */
export function renderReminderNotice(input: ReminderNoticeInput): OutgoingEmail {
  const { invoice, stage, now, defaultTimezone, template = 'friendly', finalNotice, lateCharges, selfService, brokenPromise } = input;
  const localeSetting = input.locale ?? invoice.customer.locale;
  const locale = formattingLocale(localeSetting);
  const language = input.language ?? languageOf(localeSetting);
  const labels = noticeLabels[language];
  const brand = input.branding ?? resolveBranding(undefined, input.senderName, []);
  const zone = invoice.customer.timezone ?? defaultTimezone;
  const dueDateValue = invoice.extendedDueDate ?? invoice.dueDate;
  const daysOverdue = daysBetween(dueDateValue, dateInZone(now, zone));
  const money = (amount: number, currency = invoice.currency) => formatMoney(amount, currency, locale);
  const balance = money(invoice.balance);
  const dueDate = formatCalendarDate(dueDateValue, locale);
  const partlyPaid = invoice.balance < invoice.amount;
  const kind: TemplateKind = finalNotice ? 'final' : brokenPromise ? 'broken-promise' : template;

  const values = {
    customerName: invoice.customer.name,
    invoiceNumber: invoice.invoiceNumber,
    amount: balance,
    originalAmount: money(invoice.amount),
    partlyPaid,
    dueDate,
    daysOverdue: Math.max(0, daysOverdue),
    daysOverdueText: labels.days(Math.max(0, daysOverdue)),
    daysUntilDueText: labels.days(Math.max(0, -daysOverdue)),
    overdue: daysOverdue > 0,
    dueToday: daysOverdue === 0,
    notYetDue: daysOverdue < 0,
    status: labels.reminderStatus(daysOverdue, dueDate),
    poNumber: invoice.poNumber,
    senderName: brand.displayName,
    viewUrl: input.viewUrl,
    paymentUrl: invoice.paymentLinkUrl,
    deadline: finalNotice ? longDateFormat(locale, zone).format(finalNotice.deadline) : undefined,
    consequence: finalNotice ? labels.consequence[finalNotice.action] : undefined,
    promisedDate: brokenPromise ? formatCalendarDate(brokenPromise.date, locale) : undefined,
  };
  const rendered = renderTemplate(templateFor(kind, language, input.templates ?? []), values);
  // A policy stage's own subject line (older `{name}` placeholders) wins over the template's.
  const subject = input.subject && !finalNotice && !brokenPromise
    ? input.subject.replace(/\{(invoiceNumber|amount|dueDate|daysOverdue)\}/g, (_match, name: 'invoiceNumber' | 'amount' | 'dueDate' | 'daysOverdue') => String(values[name]))
    : rendered.subject;

  const instructions = paymentInstructionsFor(invoice, brand.bank);
  const notes = lateCharges
    ? [labels.lateCharges(money(lateCharges.interest, lateCharges.currency), lateCharges.daysOverdue, money(lateCharges.fixedCompensation, lateCharges.currency), money(lateCharges.total, lateCharges.currency)), ...(lateCharges.note ? [lateCharges.note] : [])]
    : [];
  const email = renderNotice(
    {
      lang: locale,
      subject,
      paragraphs: rendered.paragraphs,
      facts: [
        { label: labels.invoice, value: invoice.invoiceNumber },
        { label: labels.amountDue, value: balance },
        ...(partlyPaid ? [{ label: labels.originalAmount, value: money(invoice.amount) }] : []),
        { label: labels.dueDate, value: dueDate },
        { label: labels.daysOverdue, value: String(Math.max(0, daysOverdue)) },
        ...(invoice.poNumber ? [{ label: labels.poNumber, value: invoice.poNumber }] : []),
      ],
      ...(invoice.paymentLinkUrl ? { payButton: { url: invoice.paymentLinkUrl, label: labels.payNow(balance), textLabel: labels.payOnline } } : {}),
      ...(input.viewUrl ? { viewLink: { url: input.viewUrl, label: labels.viewInvoice } } : {}),
      notes,
      transfer: transferBlock(instructions, labels.transfer),
      actions: selfService ? customerActions.map((action) => ({ url: selfService[action], label: labels.selfService[action] })) : [],
      ignoreIfPaid: labels.ignoreIfPaid,
    },
    brand,
  );
  return {
    to: [invoice.customer.email],
    ...email,
    headers: { 'X-Arflow-Invoice': invoice.invoiceNumber, 'X-Arflow-Stage': stage },
    ...senderOf(brand),
    ...(instructions.epcQr ? { inlineQrCodes: epcQrAttachment(instructions) } : {}),
  };
}

/** The tenant's From and Reply-To, when it has them (the mailer falls back to the deployment's sender). */
export function senderOf(brand: ResolvedBranding): Pick<OutgoingEmail, 'from' | 'replyTo'> {
  return { from: { name: brand.displayName, ...(brand.senderEmail ? { address: brand.senderEmail } : {}) }, ...(brand.replyTo ? { replyTo: [brand.replyTo] } : {}) };
}
