import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiRoutes, routeKeyOf, type ApiFunctionName, type ApiRoute, type RouteKey } from '../../wiring/api-routes.js';
import { HttpError } from './http.js';

type RouteHandler<E, C> = (event: E, context: C) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Dispatches a function's API events by `routeKey` to one handler per route of the route table
 * (wiring/api-routes.ts), so that route strings are written once. The handlers' keys are typed from the
 * table: a route added there without a handler does not compile, and is refused when the handler module
 * loads (for tables given at run time, and so that a test that loads every handler catches it).
 */
export function routeTable<F extends ApiFunctionName, E extends { routeKey: string }, C = undefined>(
  functionName: F,
  handlers: { [K in RouteKey<F>]: RouteHandler<E, C> },
  routes: readonly ApiRoute[] = apiRoutes,
): RouteHandler<E, C> {
  const byKey = new Map<string, RouteHandler<E, C>>(Object.entries<RouteHandler<E, C>>(handlers));
  const expected = routes.filter((route) => route.functionName === functionName).map(routeKeyOf);
  const missing = expected.filter((key) => !byKey.has(key));
  const unknown = [...byKey.keys()].filter((key) => !expected.includes(key));
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(`functions/${functionName}: routes of the table without a handler: [${missing.join(', ')}]; handlers without a route: [${unknown.join(', ')}]`);
  }
  return async (event, context) => {
    const handler = byKey.get(event.routeKey);
    if (handler === undefined) throw new HttpError(404, 'not_found', `No route ${event.routeKey}`);
    return handler(event, context);
  };
}
