import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logger, metrics, tracer } from '../../shared/kernel/index.js';
import { ArflowError } from '../../shared/kernel/index.js';
import { HttpError, errorResponse } from './http.js';
import { allows, principalOfContext } from '../../shared/identity/index.js';
import { apiRoutes, requiredScopeOf, routeKeyOf } from '../../wiring/api-routes.js';

/** Turns thrown errors into the JSON error responses of http.ts, logging the unexpected ones. */
export function httpErrors(): MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      if (!(request.error instanceof ArflowError)) logger.error('Unexpected error', { error: request.error });
      request.response = errorResponse(request.error);
    },
  };
}

/**
 * Publishes the metrics (EMF) an invocation recorded, and nothing when it recorded none. Powertools'
 * logMetrics publishes on every call and warns "No application metrics to publish" whenever a handler
 * had nothing to count (an SES event it ignores), once per invocation on AWS and locally alike.
 */
export function publishRecordedMetrics(): MiddlewareObj {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
}

/**
 * The middleware every arflow Lambda runs: traces and structured logs; metrics (EMF) for handlers that
 * record some. Handler last.
 */
export function withObservability<TEvent, TResult>(options: { metrics?: boolean } = {}) {
  const handler = middy<TEvent, TResult, Error, Context>().use(captureLambdaHandler(tracer)).use(injectLambdaContext(logger, { resetKeys: true }));
  return options.metrics ? handler.use(publishRecordedMetrics()) : handler;
}

const routesByKey = new Map(apiRoutes.map((route) => [routeKeyOf(route), route]));

/**
 * Refuses a request whose principal lacks the route's scope (wiring/api-routes.ts) with 403
 * `insufficient_scope`. Here and not in the authorizer: API Gateway caches the authorizer's answer per
 * Authorization header for every route, and answers its refusals with a bare 403 that cannot say why.
 */
export function requireScope(): MiddlewareObj<{ routeKey?: string; requestContext?: { authorizer?: { lambda?: Record<string, unknown> } } }, APIGatewayProxyStructuredResultV2> {
  return {
    before: async (request) => {
      const route = request.event.routeKey === undefined ? undefined : routesByKey.get(request.event.routeKey);
      if (route === undefined || !route.authenticated) return;
      const principal = principalOfContext(request.event.requestContext?.authorizer?.lambda);
      if (principal === undefined) return; // tenantOf answers 401
      const required = requiredScopeOf(route);
      if (!allows(principal.scopes, required)) {
        const holder = principal.kind === 'user' ? `your role (${principal.role ?? 'none'})` : 'this API key';
        throw new HttpError(403, 'insufficient_scope', `${route.method} ${route.path} needs the '${required}' scope; ${holder} has: ${principal.scopes.join(', ') || 'none'}`);
      }
    },
  };
}

/** An API route handler: observability, error mapping, then the route's scope. */
export function apiHandler<TEvent>() {
  return withObservability<TEvent, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors() as MiddlewareObj<TEvent, APIGatewayProxyStructuredResultV2>)
    .use(requireScope() as MiddlewareObj<TEvent, APIGatewayProxyStructuredResultV2>);
}
