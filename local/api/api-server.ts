import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiRoutes, authorizerCacheSeconds, authorizerFunctionName } from '../../wiring/api-routes.js';
import type { LocalClock } from '../clock.js';
import { readBody, sendJson } from '../http-util.js';
import type { AnyHandler } from '../lambda-runtime.js';
import { authorizerEventV2, matchRoute, proxyEventV2 } from './api-gateway-events.js';

/** API Gateway HTTP APIs refuse bodies over 10 MB before any Lambda runs. */
const API_GATEWAY_MAX_BODY = 10 * 1024 * 1024;

export interface LocalOnlyRoutes {
  /** `/_local/...` endpoints for developers and tests; they never exist in the CDK app. */
  handle(request: IncomingMessage, url: URL, body: Buffer, response: ServerResponse): Promise<boolean>;
}

type Invoke = (functionName: string, handler: AnyHandler, event: unknown) => Promise<unknown>;

/**
 * Serves the same routes as the deployed HTTP API, mapping each request to the same Lambda handler
 * with an API Gateway v2 event, behind the same Lambda authorizer, and answering the way API Gateway
 * does when a route is missing (404), a key is absent (401) or refused (403).
 */
export function createApiServer(options: { functions: Map<string, AnyHandler>; invoke: Invoke; clock: LocalClock; localRoutes: LocalOnlyRoutes }): Server {
  const handlerFor = (name: string) => {
    const handler = options.functions.get(name);
    if (!handler) throw new Error(`No local handler for function ${name}`);
    return handler;
  };

  // API Gateway's authorizer cache: one answer per Authorization header for authorizerCacheSeconds,
  // refusals included, on the stack's clock (a virtual clock's advance expires it, as time does on AWS).
  const authorizerCache = new Map<string, { decision: { isAuthorized: boolean; context?: Record<string, unknown> }; until: number }>();
  const authorize = async (event: ReturnType<typeof proxyEventV2>, identity: string) => {
    const now = options.clock.nowMs();
    const cached = authorizerCache.get(identity);
    if (cached && cached.until > now) return cached.decision;
    const decision = (await options.invoke(authorizerFunctionName, handlerFor(authorizerFunctionName), authorizerEventV2(event, identity))) as {
      isAuthorized: boolean;
      context?: Record<string, unknown>;
    };
    if (authorizerCache.size > 10_000) authorizerCache.clear();
    authorizerCache.set(identity, { decision, until: now + authorizerCacheSeconds * 1000 });
    return decision;
  };

  return createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const body = await readBody(request, API_GATEWAY_MAX_BODY);
      if (body === 'too-large') return sendJson(response, 413, { message: 'Request Entity Too Large' });
      if (url.pathname.startsWith('/_local/') && (await options.localRoutes.handle(request, url, body, response))) return;

      const matched = matchRoute(apiRoutes, request.method ?? 'GET', url.pathname);
      if (!matched) return sendJson(response, 404, { message: 'Not Found' });
      const event = proxyEventV2(request, url, matched, body, options.clock.now());

      if (matched.route.authenticated) {
        const identity = event.headers['authorization'];
        if (!identity) return sendJson(response, 401, { message: 'Unauthorized' });
        const decision = await authorize(event, identity);
        if (!decision.isAuthorized) return sendJson(response, 403, { message: 'Forbidden' });
        Object.assign(event.requestContext, { authorizer: { lambda: decision.context ?? {} } });
      }

      const result = (await options.invoke(matched.route.functionName, handlerFor(matched.route.functionName), event)) as APIGatewayProxyStructuredResultV2;
      writeResult(response, result);
    } catch (error) {
      // What API Gateway answers when the Lambda itself fails.
      process.stderr.write(`local API: handler failed: ${(error as Error).stack ?? String(error)}\n`);
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' });
    }
  });
}

function writeResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const body = result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(body);
}
