// The app module's only door: what other modules, functions, the local stack and tests may use.
export type { CollectionDeps } from './deps.js';
