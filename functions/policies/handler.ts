import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { collectionPolicySchema, policyNameSchema } from '../../shared/policy.js';
import { getPolicy, listPolicies, savePolicy } from '../../shared/use-cases/manage-policies.js';
import type { CollectionDeps } from '../../shared/use-cases/deps.js';
import { collectionDeps } from '../_shared/deps.js';
import { json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

/** PUT /policies/{name} (stores the next version), GET /policies/{name}, GET /policies. */
export const createHandler = (deps: Pick<CollectionDeps, 'policies'>) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    if (event.routeKey === 'GET /policies') return json(200, { policies: await listPolicies(deps.policies, tenantId) });
    const name = parseWith(policyNameSchema, event.pathParameters?.['name'], 'policy name');
    if (event.routeKey === 'PUT /policies/{name}') {
      const input = parseWith(collectionPolicySchema, jsonBody(event), 'policy');
      const policy = await savePolicy(deps.policies, tenantId, name, input);
      return json(policy.version === 1 ? 201 : 200, { policy });
    }
    return json(200, { policy: await getPolicy(deps.policies, tenantId, name) });
  });

export const handler = createHandler(collectionDeps());
