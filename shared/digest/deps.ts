import type { DisputesDeps } from '../disputes/index.js';
import type { SelfServiceDeps } from '../self-service/index.js';

/** What the digest module's use cases are given: the ports of the modules it builds on (its own are named in WeeklyDigestDeps). */
export type DigestDeps = SelfServiceDeps & DisputesDeps;
