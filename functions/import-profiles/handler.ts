import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { NotFoundError, ValidationError } from '../../shared/kernel/index.js';
import * as z from 'zod';
import { builtInProfile, builtInProfiles, confirmOpenItems, importProfileSchema, profileNameSchema } from '../../shared/imports/index.js';
import type { ConfirmDeps, ImportProfileStore } from '../../shared/imports/index.js';
import { importDeps, importProfileStore } from '../_shared/import-deps.js';
import { json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { routeTable } from '../_shared/router.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

/** Import job ids are 32 hex digits (import-keys.ts). */
const jobIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'must be an import job id (32 hexadecimal digits, as in the import report)');

/**
 * GET /import-profiles (the tenant's and the built-in ones), GET and PUT /import-profiles/{name}.
 * A stored profile named like a built-in one replaces it for that tenant. POST /imports/{jobId}/confirm
 * applies the closes an open-items snapshot held back (docs/open-items.md).
 */
export const createHandler = (profiles: ImportProfileStore, confirm: ConfirmDeps) => {
  const nameOf = (event: Event) => parseWith(profileNameSchema, event.pathParameters?.['name'], 'profile name');
  const route = routeTable<'import-profiles', Event, string>('import-profiles', {
    'GET /import-profiles': async (_event, tenantId) => {
      const stored = await profiles.list(tenantId);
      const storedNames = new Set(stored.map((profile) => profile.name));
      return json(200, {
        profiles: [
          ...stored.map((profile) => ({ ...profile, source: 'tenant' })),
          ...builtInProfiles.filter((profile) => !storedNames.has(profile.name)).map((profile) => ({ ...profile, source: 'built-in' })),
        ],
      });
    },
    'GET /import-profiles/{name}': async (event, tenantId) => {
      const name = nameOf(event);
      const stored = await profiles.get(tenantId, name);
      const found = stored ?? builtInProfile(name);
      if (found === undefined) throw new NotFoundError(`There is no import profile '${name}'`);
      return json(200, { profile: found, source: stored ? 'tenant' : 'built-in' });
    },
    'PUT /import-profiles/{name}': async (event, tenantId) => {
      const name = nameOf(event);
      const body = jsonBody(event);
      if (body !== null && typeof body === 'object' && 'name' in body && body.name !== name) {
        throw new ValidationError('The profile is invalid', [{ path: 'name', message: `must be '${name}', the name in the path, or absent` }]);
      }
      const profile = parseWith(importProfileSchema, { ...(body as object), name }, 'import profile');
      const existed = (await profiles.get(tenantId, name)) !== undefined;
      await profiles.put(tenantId, profile);
      return json(existed ? 200 : 201, { profile });
    },
    'POST /imports/{jobId}/confirm': async (event, tenantId) => {
      const jobId = parseWith(jobIdSchema, event.pathParameters?.['jobId'], 'jobId');
      return json(200, await confirmOpenItems(confirm, tenantId, jobId));
    },
  });
  return apiHandler<Event>().handler(async (event) => route(event, tenantOf(event)));
};

export const handler = createHandler(importProfileStore(), importDeps());
