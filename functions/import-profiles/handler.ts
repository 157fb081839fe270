import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { builtInProfile, builtInProfiles, importProfileSchema, profileNameSchema } from '../../shared/import/import-profile.js';
import type { ImportProfileStore } from '../../shared/import/import-ports.js';
import { importProfileStore } from '../_shared/import-deps.js';
import { json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

/**
 * GET /import-profiles (the tenant's and the built-in ones), GET and PUT /import-profiles/{name}.
 * A stored profile named like a built-in one replaces it for that tenant.
 */
export const createHandler = (profiles: ImportProfileStore) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    const method = event.requestContext.http.method;
    const rawName = event.pathParameters?.['name'];
    if (rawName === undefined) {
      const stored = await profiles.list(tenantId);
      const storedNames = new Set(stored.map((profile) => profile.name));
      return json(200, {
        profiles: [
          ...stored.map((profile) => ({ ...profile, source: 'tenant' })),
          ...builtInProfiles.filter((profile) => !storedNames.has(profile.name)).map((profile) => ({ ...profile, source: 'built-in' })),
        ],
      });
    }
    const name = parseWith(profileNameSchema, rawName, 'profile name');
    if (method === 'GET') {
      const stored = await profiles.get(tenantId, name);
      const found = stored ?? builtInProfile(name);
      if (found === undefined) throw new NotFoundError(`There is no import profile '${name}'`);
      return json(200, { profile: found, source: stored ? 'tenant' : 'built-in' });
    }
    const body = jsonBody(event);
    if (body !== null && typeof body === 'object' && 'name' in body && body.name !== name) {
      throw new ValidationError('The profile is invalid', [{ path: 'name', message: `must be '${name}', the name in the path, or absent` }]);
    }
    const profile = parseWith(importProfileSchema, { ...(body as object), name }, 'import profile');
    const existed = (await profiles.get(tenantId, name)) !== undefined;
    await profiles.put(tenantId, profile);
    return json(existed ? 200 : 201, { profile });
  });

export const handler = createHandler(importProfileStore());
