// The identity module's only door: what other modules, functions, the local stack and tests may use.
export { DynamoApiKeyStore } from './adapters/dynamo-api-key.store.js';
export { InMemoryApiKeyStore } from './adapters/in-memory-api-key.store.js';
export type { ApiKeyPage, ApiKeyStore, NewApiKey } from './api-key.port.js';
export { apiKeyIdOf, hashApiKey, isExpired, legacyKeyScopes, newApiKeySecret } from './api-key.js';
export type { ApiKeyPrincipal, ApiKeyRecord } from './api-key.js';
export { allows, formatScopes, parseScopes, roleOfGroups, roles, scopes, scopesOfRole } from './scopes.js';
export type { RequiredScope, Role, Scope } from './scopes.js';
export { principalContext, principalOfContext } from './principal.js';
export type { Principal, PrincipalContext } from './principal.js';
export { principalOfClaims, tenantClaim } from './principal.js';
export type { PersonTokens } from './person-tokens.port.js';
export { CognitoIdTokens } from './adapters/cognito-id-tokens.js';
export { apiKeyIdSchema, apiKeySchema, createApiKeyRequestSchema, createApiKeyResponseSchema, listApiKeysQuerySchema, listApiKeysResponseSchema, meResponseSchema, sessionRequestSchema, sessionResponseSchema } from './access.schemas.js';
export type { CreateApiKeyRequest } from './access.schemas.js';
