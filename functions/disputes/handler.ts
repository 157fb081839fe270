import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { disputeRequestSchema, resolveDisputeRequestSchema } from '../../shared/disputes/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { recordDispute, resolveDisputeById } from '../../shared/disputes/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { HttpError, json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { routeTable } from '../_shared/router.js';
import { invoiceResource } from '../_shared/resources.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

const disputeIdSchema = z.uuid();

/**
 * GET /disputes: the tenant's open disputes, oldest first, with the customer's reason.
 * POST /disputes: finance records a dispute on the customer's behalf (`{ invoiceNumber, reason }`).
 * POST /disputes/{disputeId}/resolve: a credit note, cancelling the invoice, or rejecting the dispute; once.
 */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'customerLinks' | 'disputes' | 'creditNotes' | 'workflows' | 'clock'> & Partial<Pick<CollectionDeps, 'customers' | 'policies'>>) => {
  const route = routeTable<'disputes', Event, string>('disputes', {
    'GET /disputes': async (_event, tenantId) => json(200, { disputes: await deps.disputes.openDisputes(tenantId) }),
    'POST /disputes': async (event, tenantId) => {
      const request = parseWith(disputeRequestSchema, jsonBody(event), 'dispute');
      const { dispute, invoice } = await recordDispute(deps, tenantId, request);
      return json(201, { dispute: { disputeId: dispute.id, ...dispute }, invoice: invoiceResource(invoice) });
    },
    'POST /disputes/{disputeId}/resolve': async (event, tenantId) => {
      const disputeId = disputeIdSchema.safeParse(event.pathParameters?.['disputeId']);
      if (!disputeId.success) throw new HttpError(404, 'not_found', 'No such dispute');
      const request = parseWith(resolveDisputeRequestSchema, jsonBody(event), 'resolution');
      const { dispute, invoice } = await resolveDisputeById(deps, tenantId, disputeId.data, request);
      return json(200, { dispute: { disputeId: dispute.id, ...dispute }, invoice: invoiceResource(invoice) });
    },
  });
  return apiHandler<Event>().handler(async (event) => route(event, tenantOf(event)));
};

export const handler = createHandler(collectionDeps());
