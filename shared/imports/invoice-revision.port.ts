import type { Invoice } from '../invoicing/index.js';
import type { TimelineEvent } from '../kernel/index.js';

/**
 * The system of record's changes to stored invoices: corrections (PUT /invoices/{number}, upserting
 * imports), voids and upstream settlements. Each is one conditional write with its timeline events, so
 * a change either lands before a reminder's claim (which then fails and reads again) or after it.
 */
export interface InvoiceRevisionStore {
  /**
   * Stores `after` (content, version, balance, status, revision) with the events, provided the invoice
   * is still as `before` was read: the same content, version, status, balance and revision. false when
   * another writer changed it first (the caller reads again and decides by version).
   */
  revise(before: Invoice, after: Invoice, events: TimelineEvent[]): Promise<boolean>;
  /**
   * Changes status and balance (a void, an upstream settlement) with the events, provided status,
   * balance and content are still as read; false otherwise.
   */
  changeStanding(before: Invoice, after: Pick<Invoice, 'status' | 'balance' | 'updatedAt'>, events: TimelineEvent[]): Promise<boolean>;
}
