// The policy-assignment module's only door: what other modules, functions, the local stack and tests may use.
export { replanInvoicesUnder, restartWorkflow } from './replan.js';
export { accountOwnerOf, resolvePolicy, resolvePolicyName } from './resolve-policy.js';
export { saveCustomer } from './save-customer.js';
export type { PolicyAssignmentDeps } from './deps.js';
export { resolvePolicyForNewRevision } from './resolve-policy-for-revision.js';
