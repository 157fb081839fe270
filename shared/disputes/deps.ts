import type { DisputeRepository } from './dispute.port.js';
import type { SelfServiceDeps } from '../self-service/index.js';
import type { CreditNotesDeps } from '../credit-notes/index.js';

/** What the disputes module's use cases are given: its own ports and those of the modules it builds on. */
export interface DisputesDeps extends SelfServiceDeps, CreditNotesDeps {
  disputes: DisputeRepository;
}
