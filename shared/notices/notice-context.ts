import type { Invoice } from '../invoicing/index.js';
import { resolveBranding, type ResolvedBranding } from './branding.js';
import type { StoredTemplate } from './templates.js';
import type { OutgoingEmail } from '../kernel/index.js';
import type { NoticesDeps } from './deps.js';
import { customerNoticeTag } from './delivery-events.js';

type Deps = Pick<NoticesDeps, 'customers' | 'noticeSettings' | 'suppressions' | 'senderName' | 'senderIdentities'>;

/** Who a customer's notice goes to and how it looks. */
export interface NoticeContext {
  branding: ResolvedBranding;
  templates: StoredTemplate[];
  /** The customer profile's locale, else the invoice's. */
  locale: string | undefined;
  /** Every address of the customer in order (profile contacts, then the invoice's), and which are suppressed. */
  contacts: string[];
  suppressed: Set<string>;
  /** The first contact that is not suppressed; undefined when every one is. */
  recipient: string | undefined;
}

/** The customer's addresses in the order notices try them: its profile's contacts, then the invoice's email. */
export function contactsOf(profileContacts: readonly string[] | undefined, invoiceEmail: string): string[] {
  return [...new Set([...(profileContacts ?? []), invoiceEmail].map((email) => email.toLowerCase()))];
}

export async function noticeContext(deps: Deps, invoice: Pick<Invoice, 'tenantId' | 'customer'>): Promise<NoticeContext> {
  const [profile, branding, templates] = await Promise.all([
    deps.customers.get(invoice.tenantId, invoice.customer.id),
    deps.noticeSettings.branding(invoice.tenantId),
    deps.noticeSettings.templates(invoice.tenantId),
  ]);
  const contacts = contactsOf(profile?.contacts, invoice.customer.email);
  const suppressed = await deps.suppressions.suppressedAmong(invoice.tenantId, contacts);
  return {
    branding: resolveBranding(branding, deps.senderName, deps.senderIdentities),
    templates,
    locale: profile?.locale ?? invoice.customer.locale,
    contacts,
    suppressed,
    recipient: contacts.find((email) => !suppressed.has(email)),
  };
}

/**
 * Sends a customer notice and remembers what it was about, so SES's delivery events find their
 * invoices. The recipient is checked against the tenant's suppressions right before sending: a
 * suppressed address is never sent to, whatever the caller chose.
 */
export async function sendCustomerNotice(
  deps: Pick<NoticesDeps, 'mailer' | 'suppressions' | 'sentMessages' | 'clock'>,
  email: OutgoingEmail,
  about: { tenantId: string; customerId: string; notices: { invoiceNumber: string; stage: string }[] },
): Promise<{ messageId: string }> {
  const suppressed = await deps.suppressions.suppressedAmong(about.tenantId, email.to);
  if (suppressed.size > 0) throw new SuppressedRecipientError([...suppressed]);
  const { messageId } = await deps.mailer.send({ ...email, tags: { ...email.tags, [customerNoticeTag.name]: customerNoticeTag.value } });
  await deps.sentMessages.recordMessage({ messageId, ...about, recipients: email.to.map((to) => to.toLowerCase()), sentAt: deps.clock.now().toISOString() });
  return { messageId };
}

export class SuppressedRecipientError extends Error {
  constructor(readonly addresses: string[]) {
    super(`Not sent: ${addresses.join(', ')} ${addresses.length === 1 ? 'is' : 'are'} suppressed (bounced or complained) until a person clears it`);
    this.name = 'SuppressedRecipientError';
  }
}

/** The self-service page of the invoice (its link without an action): what the notice links back to. */
export function viewUrlOf(selfService: Partial<Record<string, string>> | undefined): string | undefined {
  const any = selfService && Object.values(selfService)[0];
  if (!any) return undefined;
  const url = new URL(any);
  url.searchParams.delete('action');
  return url.toString();
}
