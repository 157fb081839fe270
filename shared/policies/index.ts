// The policies module's only door: what other modules, functions, the local stack and tests may use.
export { DynamoPolicyRepository } from './adapters/dynamo-policy.repository.js';
export { InMemoryPolicyRepository } from './adapters/in-memory-policy.repository.js';
export { lateChargesFor, lateChargesSchema } from './late-charges.js';
export { getPolicy, listPolicies, savePolicy } from './manage-policies.js';
export type { PolicyRepository } from './policy.port.js';
export { collectionPolicySchema, defaultPolicy, escalationActions, finalActionStage, finalNoticeStage, policyNameSchema, weekdays } from './policy.js';
export type { CollectionPolicy, CollectionPolicyInput, EscalationDecision, SendingWindow } from './policy.js';
export { nextOpening } from './sending-window.js';
export type { PoliciesDeps } from './deps.js';
export type { LateCharges } from './late-charges.js';
