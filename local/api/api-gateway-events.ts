import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import type { ApiRoute } from '../../wiring/api-routes.js';

const TEXT_TYPES = /^(application\/(json|.+\+json|x-www-form-urlencoded|xml)|text\/)/i;

export interface MatchedRoute {
  route: ApiRoute;
  pathParameters: Record<string, string>;
}

/** Matches a method and path against the route table the CDK app deploys ({name} = one path segment). */
export function matchRoute(routes: readonly ApiRoute[], method: string, path: string): MatchedRoute | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const names: string[] = [];
    const pattern = route.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    const match = new RegExp(`^${pattern}$`).exec(path);
    if (!match) continue;
    return { route, pathParameters: Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)])) };
  }
  return undefined;
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** The payload-format-2.0 event API Gateway HTTP APIs send to Lambda. */
export function proxyEventV2(request: IncomingMessage, url: URL, matched: MatchedRoute, body: Buffer, now: Date): APIGatewayProxyEventV2 {
  const headers = headersOf(request);
  const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
  const routeKey = `${matched.route.method} ${matched.route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters: Object.keys(matched.pathParameters).length > 0 ? matched.pathParameters : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers['host'] ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length === 0 ? undefined : isText ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !isText,
  };
}

/** The REQUEST authorizer event (payload 2.0) API Gateway sends before an authenticated route. */
export function authorizerEventV2(event: APIGatewayProxyEventV2, identity: string): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:us-east-1:000000000000:local/$default/${event.requestContext.http.method}${event.rawPath}`,
    identitySource: [identity],
    routeKey: event.routeKey,
    rawPath: event.rawPath,
    rawQueryString: event.rawQueryString,
    cookies: [],
    headers: event.headers as Record<string, string>,
    queryStringParameters: event.queryStringParameters as Record<string, string> | undefined,
    requestContext: event.requestContext,
    pathParameters: event.pathParameters as Record<string, string> | undefined,
    stageVariables: {},
  };
}
