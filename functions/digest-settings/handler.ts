import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { createDocumentClient } from '../../shared/kernel/index.js';
import { readEnvironment } from '../../shared/kernel/index.js';
import { DynamoDigestSettingsRepository } from '../../shared/digest/index.js';
import { systemClock, type Clock } from '../../shared/kernel/index.js';
import { digestSettingsSchema } from '../../shared/digest/index.js';
import { NotFoundError } from '../../shared/kernel/index.js';
import type { DigestSettingsRepository } from '../../shared/digest/index.js';
import { json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { routeTable } from '../_shared/router.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

export interface DigestSettingsDeps {
  digests: DigestSettingsRepository;
  clock: Clock;
}

/** PUT /settings/digest `{recipients, topAccounts?}` (an empty list stops the digest), GET /settings/digest. */
export const createHandler = (deps: DigestSettingsDeps) => {
  const route = routeTable<'digest-settings', Event, string>('digest-settings', {
    'PUT /settings/digest': async (event, tenantId) => {
      const input = parseWith(digestSettingsSchema, jsonBody(event), 'digest settings');
      const settings = { tenantId, ...input, updatedAt: deps.clock.now().toISOString() };
      await deps.digests.put(settings);
      return json(200, { settings });
    },
    'GET /settings/digest': async (_event, tenantId) => {
      const settings = await deps.digests.get(tenantId);
      if (!settings) throw new NotFoundError('No digest settings yet: PUT /settings/digest with {"recipients": [...]}');
      return json(200, { settings });
    },
  });
  return apiHandler<Event>().handler(async (event) => route(event, tenantOf(event)));
};

export function digestSettingsDeps(env = readEnvironment()): DigestSettingsDeps {
  return { digests: new DynamoDigestSettingsRepository(createDocumentClient(), env.TABLE_NAME), clock: systemClock };
}

export const handler = createHandler(digestSettingsDeps());
