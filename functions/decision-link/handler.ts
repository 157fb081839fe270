import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { decideEscalation, openDecisionLink } from '../../shared/escalation/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { apiHandler } from '../_shared/middleware.js';
import { confirmationPage, decidedPage, refusalPage } from './pages.js';

const linkParamsSchema = z.object({
  linkId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  expires: z.coerce.number().int().positive(),
  sig: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
});

function html(statusCode: number, body: string): APIGatewayProxyStructuredResultV2 {
  // no-store: a decision page must never be served from a cache; no referrer: the signed URL stays private.
  return { statusCode, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' }, body };
}

/**
 * GET /links/{linkId}: the confirmation page; changes nothing (mail scanners open every link).
 * POST /links/{linkId}: records the decision once and resumes the workflow.
 */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'noticeLedger' | 'escalations' | 'linkKeys' | 'policies' | 'customers' | 'clock' | 'taskTokens'>) =>
  apiHandler<APIGatewayProxyEventV2>().handler(async (event) => {
    const isPost = event.requestContext.http.method === 'POST';
    const form = isPost ? Object.fromEntries(new URLSearchParams(event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? ''))) : {};
    const parsed = linkParamsSchema.safeParse({ linkId: event.pathParameters?.['linkId'], ...event.queryStringParameters, ...form });
    if (!parsed.success) {
      const refused = refusalPage('invalid');
      return html(refused.statusCode, refused.html);
    }
    const { linkId, expires, sig } = parsed.data;
    if (!isPost) {
      const opened = await openDecisionLink(deps, linkId, expires, sig);
      if (!opened.ok) {
        const refused = refusalPage(opened.reason);
        return html(refused.statusCode, refused.html);
      }
      return html(200, confirmationPage({ ...opened, now: deps.clock.now(), expires, signature: sig }));
    }
    const result = await decideEscalation(deps, linkId, expires, sig);
    if (!result.ok) {
      const refused = refusalPage(result.reason);
      return html(refused.statusCode, refused.html);
    }
    return html(200, decidedPage(result.link));
  });

export const handler = createHandler(collectionDeps());
