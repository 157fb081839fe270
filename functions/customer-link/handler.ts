import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { dateInZone } from '../../shared/kernel/index.js';
import { customerActions, disputeFormSchema, promiseFormSchema, type CustomerAction } from '../../shared/self-service/index.js';
import { actOnCustomerLink, openCustomerLink, type CustomerRequest } from '../../shared/self-service/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { apiHandler } from '../_shared/middleware.js';
import { confirmationPage, donePage, menuPage, refusalPage, transferSection } from './pages.js';
import { paymentInstructionsFor, resolveBranding } from '../../shared/notices/index.js';

const linkParamsSchema = z.object({
  linkId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  expires: z.coerce.number().int().positive(),
  sig: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
  action: z.enum(customerActions).optional(),
});

function html(statusCode: number, body: string): APIGatewayProxyStructuredResultV2 {
  // no-store: never from a cache; no referrer: the signed URL stays private; no framing.
  return { statusCode, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' }, body };
}

const refused = (reason: Parameters<typeof refusalPage>[0]) => {
  const page = refusalPage(reason);
  return html(page.statusCode, page.html);
};

/**
 * GET /self-service/{linkId}: the invoice and what the debtor can do, or (with `action`) a
 * confirmation form; changes nothing. POST: acts once per action.
 */
export const createHandler = (deps: CollectionDeps) =>
  apiHandler<APIGatewayProxyEventV2>().handler(async (event) => {
    const isPost = event.requestContext.http.method === 'POST';
    const form = isPost ? Object.fromEntries(new URLSearchParams(event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? ''))) : {};
    const parsed = linkParamsSchema.safeParse({ linkId: event.pathParameters?.['linkId'], ...event.queryStringParameters, ...form });
    if (!parsed.success) return refused('invalid');
    const { linkId, expires, sig, action } = parsed.data;
    const opened = await openCustomerLink(deps, linkId, expires, sig);
    if (!opened.ok) return refused(opened.reason);
    const today = dateInZone(deps.clock.now(), opened.invoice.customer.timezone ?? 'UTC');
    if (!isPost || !action) {
      if (!action) {
        const base = `?expires=${expires}&sig=${sig}`;
        const urls = Object.fromEntries(customerActions.map((candidate) => [candidate, `${base}&action=${candidate}`])) as Record<CustomerAction, string>;
        // How to pay by transfer: the invoice's reference and the tenant's account (and, in euro, the EPC QR code).
        const branding = resolveBranding(await deps.noticeSettings.branding(opened.invoice.tenantId), deps.senderName, deps.senderIdentities);
        return html(200, menuPage(opened.invoice, urls, await transferSection(paymentInstructionsFor(opened.invoice, branding.bank))));
      }
      if (opened.link.used?.[action]) return refused('used');
      return html(200, confirmationPage(opened.invoice, action, expires, sig, today));
    }
    const request = requestOf(action, form);
    if (typeof request === 'string') return html(422, confirmationPage(opened.invoice, action, expires, sig, today, request));
    const result = await actOnCustomerLink(deps, linkId, expires, sig, request);
    if (result.ok) return html(200, donePage(result.invoice, result.request));
    if (result.reason === 'rejected') return html(422, confirmationPage(result.invoice, action, expires, sig, today, result.message));
    return refused(result.reason);
  });

/** The request from the form, or what is wrong with it. */
function requestOf(action: CustomerAction, form: Record<string, string>): CustomerRequest | string {
  if (action === 'dispute') {
    const parsed = disputeFormSchema.safeParse(form);
    return parsed.success ? { action, reason: parsed.data.reason } : 'Please say in a few words what is wrong with the invoice.';
  }
  if (action === 'promise') {
    const parsed = promiseFormSchema.safeParse(form);
    return parsed.success ? { action, date: parsed.data.date } : 'Please choose a date.';
  }
  return { action };
}

export const handler = createHandler(collectionDeps());
