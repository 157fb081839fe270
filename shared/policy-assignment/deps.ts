import type { CustomersDeps } from '../customers/index.js';

/** What the policy-assignment module's use cases are given: its own ports and those of the modules it builds on. */
export type PolicyAssignmentDeps = CustomersDeps;
