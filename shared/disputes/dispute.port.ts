import type { Invoice } from '../invoicing/index.js';
import type { TimelineEvent } from '../kernel/index.js';
import type { DisputeListing } from '../self-service/index.js';

/** Disputes listed for finance (opened through CustomerLinkRepository.recordCustomerRequest), and their resolution. */
export interface DisputeRepository {
  /** Open disputes, oldest first. */
  openDisputes(tenantId: string): Promise<DisputeListing[]>;
  /** A dispute's listing, open or resolved. */
  getDispute(tenantId: string, disputeId: string): Promise<DisputeListing | undefined>;
  /**
   * Resolves an open dispute, once: the listing is marked resolved and the invoice takes its new
   * status, balance and dispute state with the events, all together, provided the invoice still has
   * that dispute open and the status and balance it was read with. 'already-resolved' when the listing
   * or the invoice's dispute is no longer open; 'changed' when the invoice changed otherwise (a payment).
   */
  resolveDispute(before: Invoice, after: Pick<Invoice, 'status' | 'balance' | 'dispute' | 'updatedAt'>, events: TimelineEvent[]): Promise<'resolved' | 'already-resolved' | 'changed'>;
}
