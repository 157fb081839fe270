import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { json } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';

/** GET /health: unauthenticated liveness for load balancers and uptime checks. */
export const handler = apiHandler<APIGatewayProxyEventV2>().handler(async () => json(200, { status: 'ok', service: 'arflow' }));
