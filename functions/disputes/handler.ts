import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import type { CollectionDeps } from '../../shared/use-cases/deps.js';
import { collectionDeps } from '../_shared/deps.js';
import { json, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

/** GET /disputes: the tenant's open disputes, oldest first, with the customer's reason. */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices'>) =>
  apiHandler<Event>().handler(async (event) => json(200, { disputes: await deps.invoices.openDisputes(tenantOf(event)) }));

export const handler = createHandler(collectionDeps());
