import type { EscalationRepository } from './escalation.port.js';
import type { TaskTokens } from './task-token.port.js';
import type { PolicyAssignmentDeps } from '../policy-assignment/index.js';

/** What the escalation module's use cases are given: its own ports and those of the modules it builds on. */
export interface EscalationDeps extends PolicyAssignmentDeps {
  escalations: EscalationRepository;
  taskTokens: TaskTokens;
}
