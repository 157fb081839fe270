// The credit-notes module's only door: what other modules, functions, the local stack and tests may use.
export { DynamoCreditNoteRepository } from './adapters/dynamo-credit-note.repository.js';
export { InMemoryCreditNoteRepository } from './adapters/in-memory-credit-note.repository.js';
export { creditNoteItemSchema } from './adapters/credit-note-items.js';
export { allocateCredit } from './credit-allocation.js';
export { MAX_CREDIT_ALLOCATIONS, creditAllocationRequestId, creditAllocationRequestSchema, creditNoteContentHash, creditNoteNumberSchema, creditNoteRequestSchema } from './credit-note.js';
export type { CreditAllocationRequest, CreditChange, CreditNote, CreditNoteAllocation, CreditNoteRequest, CreditNoteSource } from './credit-note.js';
export type { CreditNoteRepository } from './credit-note.port.js';
export { allocateCreditNote, getCreditNote, issueCreditNote, unappliedCreditNotes } from './issue-credit-note.js';
export type { CreditNoteOutcome } from './issue-credit-note.js';
export type { CreditNotesDeps } from './deps.js';
