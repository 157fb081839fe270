import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { sessionRequestSchema } from '../../shared/identity/index.js';
import { readEnvironment, required } from '../../shared/kernel/index.js';
import { HttpError, json, jsonBody, parseWith, principalOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { routeTable } from '../_shared/router.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<Record<string, unknown>>;

export interface SessionDeps {
  /** Cognito InitiateAuth (USER_PASSWORD_AUTH) with the workspace's app client; undefined without a user pool. */
  signIn: ((username: string, password: string) => Promise<{ idToken: string; expiresIn: number }>) | undefined;
}

/** Cognito's refusals that are the caller's: wrong password, unknown user, not confirmed, too many tries. */
const refusals: Record<string, [number, string, string]> = {
  NotAuthorizedException: [401, 'invalid_credentials', 'The username or password is wrong'],
  UserNotFoundException: [401, 'invalid_credentials', 'The username or password is wrong'],
  // What cognito-local answers for a wrong password (Cognito answers NotAuthorizedException).
  InvalidPasswordException: [401, 'invalid_credentials', 'The username or password is wrong'],
  UserNotConfirmedException: [401, 'user_not_confirmed', 'The user has not confirmed the account yet'],
  PasswordResetRequiredException: [401, 'password_reset_required', 'The password must be reset before signing in'],
  TooManyRequestsException: [429, 'too_many_requests', 'Too many sign-in attempts; wait a minute and try again'],
};

/**
 * POST /session `{username, password}` → `{idToken, tokenType: "Bearer", expiresIn}`: the page keeps the
 * ID token in memory and sends it as `Authorization: Bearer` (no cookie, so no CSRF; the strict CSP
 * guards against script injection), and signs in again when it expires. GET /me answers who the
 * caller is, so the workspace can hide what its role cannot do.
 */
export const createHandler = (deps: SessionDeps) => {
  const route = routeTable<'session', Event>('session', {
    'POST /session': async (event) => {
      const { username, password } = parseWith(sessionRequestSchema, jsonBody(event), 'sign-in');
      if (!deps.signIn) throw new HttpError(404, 'not_found', 'This deployment has no user pool: sign-in is off');
      return json(200, { ...(await deps.signIn(username, password)), tokenType: 'Bearer' });
    },
    'GET /me': async (event) => {
      const { tenantId, actor, kind, role, scopes } = principalOf(event);
      return json(200, { tenantId, actor, kind, role, scopes });
    },
  });
  return apiHandler<Event>().handler(async (event) => route(event, undefined));
};

/** Signs in through the user pool's public app client (no secret; InitiateAuth needs no IAM permission). */
export function cognitoSignIn(client: CognitoIdentityProviderClient, clientId: string): NonNullable<SessionDeps['signIn']> {
  return async (username, password) => {
    try {
      const answer = await client.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }));
      if (answer.ChallengeName) {
        throw new HttpError(401, 'challenge_required', `Cognito asks for ${answer.ChallengeName} before signing in; complete it with Cognito's hosted UI or the AWS CLI first (docs/access.md)`);
      }
      const idToken = answer.AuthenticationResult?.IdToken;
      if (!idToken) throw new Error('Cognito answered neither a token nor a challenge');
      return { idToken, expiresIn: answer.AuthenticationResult?.ExpiresIn ?? 3600 };
    } catch (error) {
      const refusal = error instanceof Error ? refusals[error.name] : undefined;
      if (refusal) throw new HttpError(...refusal);
      throw error;
    }
  };
}

export function sessionDeps(env = readEnvironment()): SessionDeps {
  if (env.USER_POOL_CLIENT_ID === undefined) return { signIn: undefined };
  return { signIn: cognitoSignIn(new CognitoIdentityProviderClient({}), required(env, 'USER_POOL_CLIENT_ID')) };
}

export const handler = createHandler(sessionDeps());
