import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { customerProfileSchema } from '../../shared/customer.js';
import { customerTimeline, getCustomer } from '../../shared/use-cases/manage-customers.js';
import { saveCustomer } from '../../shared/use-cases/save-customer.js';
import type { CollectionDeps } from '../../shared/use-cases/deps.js';
import { collectionDeps } from '../_shared/deps.js';
import { json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

const customerIdSchema = z.string().trim().min(1).max(100);

/**
 * PUT /customers/{customerId} (account owner, policy, segments), GET /customers/{customerId},
 * GET /customers/{customerId}/timeline, DELETE /customers/{customerId}/credit-hold.
 */
export const createHandler = (deps: Pick<CollectionDeps, 'customers' | 'policies' | 'invoices' | 'workflows' | 'clock'>) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    const customerId = parseWith(customerIdSchema, event.pathParameters?.['customerId'], 'customer id');
    switch (event.routeKey) {
      case 'PUT /customers/{customerId}': {
        const input = parseWith(customerProfileSchema, jsonBody(event), 'customer');
        return json(200, await saveCustomer(deps, tenantId, customerId, input));
      }
      case 'GET /customers/{customerId}/timeline':
        return json(200, { customerId, timeline: await customerTimeline(deps, tenantId, customerId) });
      case 'DELETE /customers/{customerId}/credit-hold':
        await getCustomer(deps, tenantId, customerId);
        await deps.customers.releaseCreditHold(tenantId, customerId);
        return json(200, { customer: await getCustomer(deps, tenantId, customerId) });
      default:
        return json(200, { customer: await getCustomer(deps, tenantId, customerId) });
    }
  });

export const handler = createHandler(collectionDeps());
