import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import type { ApiKeyStore } from '../../shared/identity/index.js';
import { logger } from '../../shared/kernel/index.js';
import { apiKeyStore } from '../_shared/deps.js';
import { withObservability } from '../_shared/middleware.js';

type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<{ tenantId: string; keyLabel: string }>;

const bearer = /^Bearer\s+(\S{16,512})$/i;

/** Maps `Authorization: Bearer <api key>` to the one tenant the key belongs to, and the key's label (the source of the changes made with it). */
export const createHandler = (keys: Pick<ApiKeyStore, 'principalForKey'>) =>
  withObservability<APIGatewayRequestAuthorizerEventV2, AuthorizerResult>().handler(async (event) => {
    const header = event.headers?.['authorization'] ?? event.headers?.['Authorization'] ?? event.identitySource?.[0] ?? '';
    const apiKey = bearer.exec(header)?.[1];
    const principal = apiKey ? await keys.principalForKey(apiKey) : undefined;
    if (!principal) {
      logger.info('Request refused: missing or unknown API key');
      return { isAuthorized: false, context: { tenantId: '', keyLabel: '' } };
    }
    return { isAuthorized: true, context: { tenantId: principal.tenantId, keyLabel: principal.label } };
  });

export const handler = createHandler(apiKeyStore());
