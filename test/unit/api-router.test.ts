import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError } from '../../functions/_shared/http.js';
import { routeTable } from '../../functions/_shared/router.js';
import { apiRoutes, type ApiRoute } from '../../wiring/api-routes.js';

type Event = { routeKey: string };
const answer = (body: string) => async (): Promise<APIGatewayProxyStructuredResultV2> => ({ statusCode: 200, body });
const digestHandlers = { 'GET /settings/digest': answer('get'), 'PUT /settings/digest': answer('put') };

describe('routing from the route table (wiring/api-routes.ts)', () => {
  it('dispatches each route key of the table to its handler', async () => {
    const route = routeTable<'digest-settings', Event>('digest-settings', digestHandlers);
    assert.equal((await route({ routeKey: 'GET /settings/digest' }, undefined)).body, 'get');
    assert.equal((await route({ routeKey: 'PUT /settings/digest' }, undefined)).body, 'put');
  });

  it('answers 404 for a route key the function does not serve', async () => {
    const route = routeTable<'digest-settings', Event>('digest-settings', digestHandlers);
    await assert.rejects(route({ routeKey: 'DELETE /settings/digest' }, undefined), (error) => error instanceof HttpError && error.statusCode === 404);
  });

  it('refuses to build when a route of the table has no handler, naming the route', () => {
    const table: readonly ApiRoute[] = [...apiRoutes, { method: 'DELETE', path: '/settings/digest', functionName: 'digest-settings', authenticated: true }];
    assert.throws(() => routeTable<'digest-settings', Event>('digest-settings', digestHandlers, table), /routes of the table without a handler: \[DELETE \/settings\/digest\]/);
  });

  it('refuses to build when a handler serves no route of the table', () => {
    const table = apiRoutes.filter((route) => route.method !== 'PUT' || route.path !== '/settings/digest');
    assert.throws(() => routeTable<'digest-settings', Event>('digest-settings', digestHandlers, table), /handlers without a route: \[PUT \/settings\/digest\]/);
  });

  it('loads the handler of every function in the route table (a routed handler missing a route fails to load)', async () => {
    process.env['TABLE_NAME'] ??= 'arflow-unit';
    process.env['AWS_REGION'] ??= 'us-east-1';
    for (const functionName of new Set(apiRoutes.map((route) => route.functionName))) {
      const module: { handler?: unknown } = await import(`../../functions/${functionName}/handler.js`);
      assert.equal(typeof module.handler, 'function', `functions/${functionName}/handler.ts exports a handler`);
    }
  });
});
