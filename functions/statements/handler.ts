import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import type { CollectionDeps } from '../../shared/app/index.js';
import { sendStatement } from '../../shared/notices/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { json, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

const customerIdSchema = z.string().trim().min(1).max(100);

/**
 * POST /customers/{customerId}/statement: emails the customer its account statement (every open
 * invoice, totals per currency). 201 with the message id; a second request the same day sends nothing
 * and answers 200 with that day's message id.
 */
export const createHandler = (deps: CollectionDeps) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    const customerId = parseWith(customerIdSchema, event.pathParameters?.['customerId'], 'customer id');
    const result = await sendStatement(deps, tenantId, customerId);
    return json(result.sent ? 201 : 200, result);
  });

export const handler = createHandler(collectionDeps());
