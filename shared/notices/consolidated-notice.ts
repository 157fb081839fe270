import type { Invoice } from '../invoicing/index.js';
import type { OutgoingEmail } from '../kernel/index.js';
import type { ResolvedBranding } from './branding.js';
import { renderInvoiceListNotice } from './statement-notice.js';
import type { StoredTemplate } from './templates.js';

export interface ConsolidatedNoticeInput {
  /** The invoices with a notice due today, in due-date order, each with the link back to it. */
  invoices: { invoice: Invoice; stage: string; viewUrl?: string | undefined }[];
  now: Date;
  zone: string;
  senderName: string;
  locale?: string | undefined;
  branding?: ResolvedBranding | undefined;
  templates?: readonly StoredTemplate[] | undefined;
}

/** One email for all of a customer's notices of the day: the statement layout, listing those invoices. */
export function renderConsolidatedNotice(input: ConsolidatedNoticeInput): OutgoingEmail {
  const email = renderInvoiceListNotice({ ...input, kind: 'consolidated' });
  return { ...email, headers: { ...email.headers, 'X-Arflow-Stage': input.invoices.map(({ stage }) => stage).join(',') } };
}
