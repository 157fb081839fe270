import type { PolicyRepository } from './policy.port.js';
import type { KernelDeps } from '../kernel/index.js';

/** What the policies module's use cases are given: its own ports and those of the modules it builds on. */
export interface PoliciesDeps extends KernelDeps {
  policies: PolicyRepository;
}
