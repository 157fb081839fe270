import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { readEnvironment } from '../../shared/adapters/config.js';
import { DynamoDigestSettingsRepository } from '../../shared/adapters/dynamo-digest-settings.repository.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { digestSettingsSchema } from '../../shared/digest/weekly-digest.js';
import { NotFoundError } from '../../shared/errors.js';
import type { DigestSettingsRepository } from '../../shared/digest-settings-port.js';
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
