import type { CustomerLinkRepository } from './customer-link.port.js';
import type { PolicyAssignmentDeps } from '../policy-assignment/index.js';

/** What the self-service module's use cases are given: its own ports and those of the modules it builds on. */
export interface SelfServiceDeps extends PolicyAssignmentDeps {
  customerLinks: CustomerLinkRepository;
}
