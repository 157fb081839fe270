import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { isExpired, principalContext, type ApiKeyStore, type PersonTokens, type Principal, type PrincipalContext } from '../../shared/identity/index.js';
import { logger, systemClock, type Clock } from '../../shared/kernel/index.js';
import { apiKeyStore, personTokens } from '../_shared/deps.js';
import { withObservability } from '../_shared/middleware.js';

type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<PrincipalContext>;

// ID tokens run to a few KB; API keys are 16 to 512 characters.
const bearer = /^Bearer\s+(\S{16,8192})$/i;
const jwtShape = /^[\w-]+\.[\w-]+\.[\w-]+$/;

const refused: AuthorizerResult = { isAuthorized: false, context: { tenantId: '', kind: 'key', actor: '', role: '', scopes: '', keyLabel: '' } };

export interface AuthorizerDeps {
  keys: Pick<ApiKeyStore, 'principalForKey' | 'recordUse'>;
  /** Absent when the deployment has no user pool: tokens are refused. */
  people?: PersonTokens;
  clock: Clock;
}

/**
 * One authorizer for both kinds of principal on every route (an HTTP API route has exactly one
 * authorizer): `Authorization: Bearer <Cognito ID token>` for people, `Bearer <API key>` for systems.
 * It answers who (tenant, actor, role, scopes); the handlers check the route's scope (requireScope),
 * because API Gateway caches this answer per header for all routes (authorizerCacheSeconds).
 */
export const createHandler = (deps: AuthorizerDeps) =>
  withObservability<APIGatewayRequestAuthorizerEventV2, AuthorizerResult>().handler(async (event) => {
    const header = event.headers?.['authorization'] ?? event.headers?.['Authorization'] ?? event.identitySource?.[0] ?? '';
    const credential = bearer.exec(header)?.[1];
    const principal = credential === undefined ? undefined : jwtShape.test(credential) ? await deps.people?.verify(credential) : await keyPrincipal(deps, credential);
    if (!principal) {
      logger.info('Request refused: missing, unknown, expired or revoked credential');
      return refused;
    }
    return { isAuthorized: true, context: principalContext(principal) };
  });

async function keyPrincipal(deps: AuthorizerDeps, apiKey: string): Promise<Principal | undefined> {
  const key = await deps.keys.principalForKey(apiKey);
  const now = deps.clock.now();
  if (!key || isExpired(key, now)) return undefined;
  // Once per cache period at most: API Gateway answers the repeats from its cache.
  if (key.id) await deps.keys.recordUse(key.tenantId, key.id, now.toISOString()).catch((error: unknown) => logger.warn('Could not record an API key\'s last use', { error }));
  return { tenantId: key.tenantId, kind: 'key', actor: key.label, role: null, scopes: key.scopes };
}

export const handler = createHandler({ keys: apiKeyStore(), people: personTokens(), clock: systemClock });
