import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { apiKeyIdSchema, createApiKeyRequestSchema, listApiKeysQuerySchema, newApiKeySecret, type ApiKeyStore, type Principal } from '../../shared/identity/index.js';
import { NotFoundError, ValidationError, systemClock, type Clock } from '../../shared/kernel/index.js';
import { apiKeyStore } from '../_shared/deps.js';
import { json, jsonBody, parseWith, principalOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { routeTable } from '../_shared/router.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<Record<string, unknown>>;

export interface ApiKeysDeps {
  keys: ApiKeyStore;
  clock: Clock;
}

/**
 * API keys' lifecycle, for admins of a tenant (docs/access.md): POST /api-keys answers the secret
 * once (only its hash is stored); GET /api-keys pages the keys without secrets; DELETE revokes, which
 * takes effect when the authorizer's cached answer for the key runs out (authorizerCacheSeconds).
 */
export const createHandler = (deps: ApiKeysDeps) => {
  const route = routeTable<'api-keys', Event, Principal>('api-keys', {
    'POST /api-keys': async (event, principal) => {
      const request = parseWith(createApiKeyRequestSchema, jsonBody(event), 'API key');
      const now = deps.clock.now();
      if (request.expiresAt && Date.parse(request.expiresAt) <= now.getTime()) {
        throw new ValidationError('The API key is invalid', [{ path: 'expiresAt', message: 'must be in the future' }]);
      }
      const secret = newApiKeySecret();
      const key = await deps.keys.put(secret, principal.tenantId, request.label, {
        scopes: request.scopes,
        expiresAt: request.expiresAt ? new Date(request.expiresAt).toISOString() : null,
        createdBy: principal.actor,
        createdAt: now.toISOString(),
      });
      return json(201, { key, secret });
    },
    'GET /api-keys': async (event, principal) => {
      const query = parseWith(listApiKeysQuerySchema, event.queryStringParameters ?? {}, 'query');
      return json(200, await deps.keys.list(principal.tenantId, { limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) }));
    },
    'DELETE /api-keys/{id}': async (event, principal) => {
      const { id } = parseWith(z.object({ id: apiKeyIdSchema }), { id: event.pathParameters?.['id'] }, 'key id');
      if (!(await deps.keys.revoke(principal.tenantId, id))) throw new NotFoundError(`No API key ${id}`);
      return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
    },
  });
  return apiHandler<Event>().handler(async (event) => route(event, principalOf(event)));
};

export const handler = createHandler({ keys: apiKeyStore(), clock: systemClock });
