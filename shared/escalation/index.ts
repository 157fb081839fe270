// The escalation module's only door: what other modules, functions, the local stack and tests may use.
export { DynamoEscalationRepository } from './adapters/dynamo-escalation.repository.js';
export { InMemoryEscalationRepository } from './adapters/in-memory-escalation.repository.js';
export { SfnTaskTokens } from './adapters/sfn.task-tokens.js';
export { decideEscalation, openDecisionLink } from './decide-escalation.js';
export type { LinkRefusal } from './decide-escalation.js';
export { applyEscalationTimeout } from './escalation-timeout.js';
export { applyEscalationDecision, decisionLabels } from './escalation.js';
export type { DecisionLink } from './escalation.js';
export { applyFinalAction } from './final-action.js';
export { requestApproval } from './request-approval.js';
export type { TaskTokens } from './task-token.port.js';
export type { EscalationDeps } from './deps.js';
