import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { customerProfileSchema } from '../../shared/customers/index.js';
import { customerTimeline, getCustomer } from '../../shared/customers/index.js';
import { saveCustomer } from '../../shared/policy-assignment/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { routeTable } from '../_shared/router.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

const customerIdSchema = z.string().trim().min(1).max(100);

/**
 * PUT /customers/{customerId} (account owner, policy, segments), GET /customers/{customerId},
 * GET /customers/{customerId}/timeline, DELETE /customers/{customerId}/credit-hold.
 */
export const createHandler = (deps: Pick<CollectionDeps, 'customers' | 'policies' | 'invoices' | 'workflows' | 'clock'>) => {
  const route = routeTable<'customers', Event, { tenantId: string; customerId: string }>('customers', {
    'PUT /customers/{customerId}': async (event, { tenantId, customerId }) => {
      const input = parseWith(customerProfileSchema, jsonBody(event), 'customer');
      return json(200, await saveCustomer(deps, tenantId, customerId, input));
    },
    'GET /customers/{customerId}': async (_event, { tenantId, customerId }) => json(200, { customer: await getCustomer(deps, tenantId, customerId) }),
    'GET /customers/{customerId}/timeline': async (_event, { tenantId, customerId }) =>
      json(200, { customerId, timeline: await customerTimeline(deps, tenantId, customerId) }),
    'DELETE /customers/{customerId}/credit-hold': async (_event, { tenantId, customerId }) => {
      await getCustomer(deps, tenantId, customerId);
      await deps.customers.releaseCreditHold(tenantId, customerId);
      return json(200, { customer: await getCustomer(deps, tenantId, customerId) });
    },
  });
  return apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    const customerId = parseWith(customerIdSchema, event.pathParameters?.['customerId'], 'customer id');
    return route(event, { tenantId, customerId });
  });
};

export const handler = createHandler(collectionDeps());
