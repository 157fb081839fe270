// The identity module's only door: what other modules, functions, the local stack and tests may use.
export { DynamoApiKeyStore, hashApiKey } from './adapters/dynamo-api-key.store.js';
export { InMemoryApiKeyStore } from './adapters/in-memory-api-key.store.js';
export type { ApiKeyStore } from './api-key.port.js';
