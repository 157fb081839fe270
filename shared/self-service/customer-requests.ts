import { dateInZone } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import { formatMoney } from '../kernel/index.js';
import { escapeHtml } from '../kernel/index.js';
import { customerZone } from '../invoicing/index.js';
import { applyCustomerRequest, CUSTOMER_LINK_DAYS, CustomerRequestError, type CustomerAction, type CustomerLink } from './self-service.js';
import { linkSignatureMatches, newLinkId, signLink } from '../kernel/index.js';
import type { SelfServiceDeps } from './deps.js';
import { restartWorkflow } from '../policy-assignment/index.js';
import { accountOwnerOf, resolvePolicy } from '../policy-assignment/index.js';

/** Why a customer link cannot be used; each gets its own clear page. */
export type CustomerLinkRefusal = 'invalid' | 'expired' | 'closed' | 'used';

export type OpenedCustomerLink = { ok: true; link: CustomerLink; invoice: Invoice } | { ok: false; reason: CustomerLinkRefusal; invoice?: Invoice };

/** The URLs a notice carries for its recipient: one signed link, one URL per action. */
export type SelfServiceUrls = Record<CustomerAction, string>;

/**
 * Creates the self-service link of one notice: stored, signed with the tenant's link key, valid for
 * CUSTOMER_LINK_DAYS. Undefined when the function has no public API URL to link to.
 */
export async function createSelfServiceUrls(deps: Pick<SelfServiceDeps, 'customerLinks' | 'linkKeys' | 'publicApiUrl'>, invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber'>, stage: string, now: Date): Promise<SelfServiceUrls | undefined> {
  if (!deps.publicApiUrl) return undefined;
  const link: CustomerLink = { linkId: newLinkId(), tenantId: invoice.tenantId, invoiceNumber: invoice.invoiceNumber, stage, expiresAt: now.getTime() + CUSTOMER_LINK_DAYS * 86_400_000 };
  await deps.customerLinks.putCustomerLink(link);
  const signature = signLink(await deps.linkKeys.linkKey(invoice.tenantId), link.linkId, link.expiresAt);
  const base = `${deps.publicApiUrl}/self-service/${link.linkId}?expires=${link.expiresAt}&sig=${signature}`;
  return {
    'already-paid': `${base}&action=already-paid`,
    dispute: `${base}&action=dispute`,
    promise: `${base}&action=promise`,
    'payment-plan': `${base}&action=payment-plan`,
  };
}

/** Checks a link (signature, expiry, invoice still being collected) and loads the invoice. Changes nothing. */
export async function openCustomerLink(deps: Pick<SelfServiceDeps, 'invoices' | 'customerLinks' | 'linkKeys' | 'clock'>, linkId: string, expires: number, signature: string): Promise<OpenedCustomerLink> {
  const link = await deps.customerLinks.getCustomerLink(linkId);
  if (!link || link.expiresAt !== expires) return { ok: false, reason: 'invalid' };
  if (!linkSignatureMatches(await deps.linkKeys.linkKey(link.tenantId), linkId, expires, signature)) return { ok: false, reason: 'invalid' };
  if (deps.clock.now().getTime() >= link.expiresAt) return { ok: false, reason: 'expired' };
  const invoice = await deps.invoices.get(link.tenantId, link.invoiceNumber);
  if (!invoice) return { ok: false, reason: 'invalid' };
  if (invoice.status !== 'open') return { ok: false, reason: 'closed', invoice };
  return { ok: true, link, invoice };
}

export type CustomerRequest = { action: 'already-paid' } | { action: 'dispute'; reason: string } | { action: 'promise'; date: string } | { action: 'payment-plan' };

export type CustomerRequestOutcome =
  | { ok: true; invoice: Invoice; request: CustomerRequest }
  | { ok: false; reason: CustomerLinkRefusal; invoice?: Invoice }
  | { ok: false; reason: 'rejected'; message: string; invoice: Invoice };

const MAX_ATTEMPTS = 3;

/**
 * Acts on a customer's request through a link, once per action: records it on the invoice (pause,
 * dispute, promise) with its timeline event, re-plans the workflow when collection must wait, and
 * tells the account owner (or finance, for a payment plan).
 */
export async function actOnCustomerLink(deps: SelfServiceDeps, linkId: string, expires: number, signature: string, request: CustomerRequest): Promise<CustomerRequestOutcome> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const opened = await openCustomerLink(deps, linkId, expires, signature);
    if (!opened.ok) return opened;
    const { link, invoice } = opened;
    if (link.used?.[request.action]) return { ok: false, reason: 'used', invoice };
    const policy = await resolvePolicy(deps, link.tenantId, invoice);
    const now = deps.clock.now();
    let result;
    try {
      result = applyCustomerRequest(invoice, request, link, now, dateInZone(now, customerZone(invoice, policy)));
    } catch (error) {
      if (error instanceof CustomerRequestError) return { ok: false, reason: 'rejected', message: error.message, invoice };
      throw error;
    }
    const recorded = await deps.customerLinks.recordCustomerRequest(invoice, result.after, link, request.action, result.events);
    if (recorded === 'already-used') return { ok: false, reason: 'used', invoice };
    if (recorded === 'changed') continue; // a payment or another request landed first: read again
    const after = { ...invoice, ...result.after };
    // A dispute ends the current plan and a promise moves it: a new workflow revision plans from the invoice as it is now.
    if (request.action === 'dispute' || request.action === 'promise') await restartWorkflow(deps, after, `customer request: ${request.action}`);
    await notify(deps, after, request, result.notify, policy.escalation?.approvers.emails ?? []);
    return { ok: true, invoice: after, request };
  }
  return { ok: false, reason: 'used' };
}

const subjects: Record<CustomerAction, (invoice: Invoice) => string> = {
  'already-paid': (invoice) => `Customer says invoice ${invoice.invoiceNumber} is paid: please reconcile`,
  dispute: (invoice) => `Invoice ${invoice.invoiceNumber} disputed by ${invoice.customer.name}`,
  promise: (invoice) => `${invoice.customer.name} promises to pay invoice ${invoice.invoiceNumber}`,
  'payment-plan': (invoice) => `${invoice.customer.name} asks for a payment plan for invoice ${invoice.invoiceNumber}`,
};

async function notify(deps: SelfServiceDeps, invoice: Invoice, request: CustomerRequest, whom: 'account-owner' | 'finance', financeEmails: string[]): Promise<void> {
  const owner = await accountOwnerOf(deps.customers, invoice.tenantId, invoice);
  const to = [...new Set([...(owner ? [owner] : []), ...(whom === 'finance' ? financeEmails : [])])];
  // Nobody to tell: the request still stands on the invoice's timeline (and, for a dispute, in GET /disputes).
  if (to.length === 0) return;
  const balance = formatMoney(invoice.balance, invoice.currency);
  const what = {
    'already-paid': `says the invoice is already paid. Reminders are paused until ${invoice.pausedUntil ?? ''} while you reconcile.`,
    dispute: `disputes the invoice: "${request.action === 'dispute' ? request.reason : ''}". Collection is paused until the dispute is resolved (POST /disputes/{id}/resolve).`,
    promise: `promises to pay by ${request.action === 'promise' ? request.date : ''}. Reminders wait until then; if it is still unpaid, collection resumes with a notice that says so.`,
    'payment-plan': 'asks for a payment plan. Please review and agree installments with the customer.',
  }[request.action];
  const text = `${invoice.customer.name} (customer ${invoice.customer.id}) ${what}\n\nInvoice ${invoice.invoiceNumber}, outstanding ${balance}.`;
  await deps.mailer.send({
    to,
    subject: subjects[request.action](invoice),
    text,
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subjects[request.action](invoice))}</title></head><body><p>${escapeHtml(text).replace(/\n\n/g, '</p><p>')}</p></body></html>`,
    headers: { 'X-Arflow-Invoice': invoice.invoiceNumber, 'X-Arflow-Stage': `customer-${request.action}` },
  });
}
