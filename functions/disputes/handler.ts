import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { disputeRequestSchema } from '../../shared/disputes.js';
import type { CollectionDeps } from '../../shared/use-cases/deps.js';
import { recordDispute } from '../../shared/use-cases/disputes.js';
import { collectionDeps } from '../_shared/deps.js';
import { json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { invoiceResource } from '../_shared/resources.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

/**
 * GET /disputes: the tenant's open disputes, oldest first, with the customer's reason.
 * POST /disputes: finance records a dispute on the customer's behalf (`{ invoiceNumber, reason }`).
 */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'workflows' | 'clock'>) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    if (event.requestContext.http.method === 'GET') return json(200, { disputes: await deps.invoices.openDisputes(tenantId) });
    const request = parseWith(disputeRequestSchema, jsonBody(event), 'dispute');
    const { dispute, invoice } = await recordDispute(deps, tenantId, request);
    return json(201, { dispute: { disputeId: dispute.id, ...dispute }, invoice: invoiceResource(invoice) });
  });

export const handler = createHandler(collectionDeps());
