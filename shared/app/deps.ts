import type { EscalationDeps } from '../escalation/index.js';
import type { DisputesDeps } from '../disputes/index.js';
import type { ImportsDeps } from '../imports/index.js';
import type { DeliverabilityDeps } from '../deliverability/index.js';
import type { DigestDeps } from '../digest/index.js';
import type { CreditNotesDeps } from '../credit-notes/index.js';

/** Everything any use case may touch: each module's Deps together. Handlers build it once at cold start; tests and the local stack inject their own. */
export type CollectionDeps = EscalationDeps & DisputesDeps & ImportsDeps & DeliverabilityDeps & DigestDeps & CreditNotesDeps;
