// The disputes module's only door: what other modules, functions, the local stack and tests may use.
export { DynamoDisputeRepository } from './adapters/dynamo-dispute.repository.js';
export { InMemoryDisputeRepository } from './adapters/in-memory-dispute.repository.js';
export { recordDispute, resolveDisputeById } from './dispute-use-cases.js';
export { checkResolution, disputeRequestSchema, resolveDispute, resolveDisputeRequestSchema } from './disputes.js';
export type { DisputesDeps } from './deps.js';
export { disputeCreditNoteNumber } from './resolve-by-credit-note.js';
