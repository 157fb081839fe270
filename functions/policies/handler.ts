import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { collectionPolicySchema, policyNameSchema } from '../../shared/policies/index.js';
import { dryRunPolicy } from '../../shared/reminders/index.js';
import { getPolicy, listPolicies, savePolicy } from '../../shared/policies/index.js';
import { replanInvoicesUnder } from '../../shared/policy-assignment/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { routeTable } from '../_shared/router.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

const dryRunSchema = z.object({
  days: z.number().int().min(1).max(90).default(14),
  /** A policy to preview instead of the stored one. */
  policy: collectionPolicySchema.optional(),
});

/**
 * PUT /policies/{name} (stores the next version and re-plans the invoices in flight), GET
 * /policies/{name}, GET /policies, POST /policies/{name}/dry-run.
 */
export const createHandler = (deps: Pick<CollectionDeps, 'policies' | 'customers' | 'invoices' | 'noticeLedger' | 'paymentPlans' | 'workflows' | 'clock'>) => {
  const nameOf = (event: Event) => parseWith(policyNameSchema, event.pathParameters?.['name'], 'policy name');
  const route = routeTable<'policies', Event, string>('policies', {
    'GET /policies': async (_event, tenantId) => json(200, { policies: await listPolicies(deps.policies, tenantId) }),
    'GET /policies/{name}': async (event, tenantId) => json(200, { policy: await getPolicy(deps.policies, tenantId, nameOf(event)) }),
    'PUT /policies/{name}': async (event, tenantId) => {
      const name = nameOf(event);
      const input = parseWith(collectionPolicySchema, jsonBody(event), 'policy');
      const policy = await savePolicy(deps.policies, tenantId, name, input);
      const replan = await replanInvoicesUnder(deps, tenantId, policy);
      return json(policy.version === 1 ? 201 : 200, { policy, replan });
    },
    'POST /policies/{name}/dry-run': async (event, tenantId) => {
      const name = nameOf(event);
      const request = parseWith(dryRunSchema, event.body ? jsonBody(event) : {}, 'dry run');
      const stored = await getPolicy(deps.policies, tenantId, name);
      const policy = request.policy ? { ...request.policy, name, version: stored.version + 1 } : stored;
      const planned = await dryRunPolicy(deps, tenantId, policy, request.days);
      return json(200, { policy: { name, version: policy.version, candidate: request.policy !== undefined }, days: request.days, planned });
    },
  });
  return apiHandler<Event>().handler(async (event) => route(event, tenantOf(event)));
};

export const handler = createHandler(collectionDeps());
