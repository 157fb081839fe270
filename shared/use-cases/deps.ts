import type { Clock } from '../clock.js';
import type { CollectionPolicy } from '../policy.js';
import type { InvoiceRepository, InvoiceWorkflows, Mailer } from '../ports.js';

/** Everything a use case may touch; handlers build it once at cold start, tests and the local stack inject their own. */
export interface CollectionDeps {
  invoices: InvoiceRepository;
  workflows: InvoiceWorkflows;
  mailer: Mailer;
  clock: Clock;
  policy: CollectionPolicy;
  senderName: string;
}
