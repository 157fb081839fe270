// The digest module's only door: what other modules, functions, the local stack and tests may use.
export { DynamoDigestSettingsRepository } from './adapters/dynamo-digest-settings.repository.js';
export { InMemoryDigestSettingsRepository } from './adapters/in-memory-digest-settings.repository.js';
export type { DigestSettingsRepository } from './digest-settings.port.js';
export { renderDigest } from './render-digest.js';
export { runWeeklyDigests } from './send-weekly-digest.js';
export type { WeeklyDigestDeps } from './send-weekly-digest.js';
export { digestContent, digestSettingsSchema, weekStartOf } from './weekly-digest.js';
export type { DigestSettings } from './weekly-digest.js';
export type { DigestDeps } from './deps.js';
