import type { Invoice } from '../invoicing/index.js';
import type { TimelineEvent } from '../kernel/index.js';
import type { CustomerAction, CustomerLink } from './self-service.js';

/** The self-service links in notices, and the customer's requests made through them. */
export interface CustomerLinkRepository {
  /** Stores a notice's self-service link (opened without an API key: its key names no tenant). */
  putCustomerLink(link: CustomerLink): Promise<void>;
  getCustomerLink(linkId: string): Promise<CustomerLink | undefined>;
  /**
   * Records a customer's request through a link, once per (link, action), with the invoice's new
   * self-service state and its events, while the invoice is open and unchanged since it was read
   * (its `updatedAt`). An opened dispute is also listed for finance. Without a link it is finance
   * acting on the customer's behalf (POST /disputes): only the invoice conditions apply.
   */
  recordCustomerRequest(
    before: Invoice,
    after: Pick<Invoice, 'pausedUntil' | 'dispute' | 'promise' | 'updatedAt'>,
    link: CustomerLink | undefined,
    action: CustomerAction,
    events: TimelineEvent[],
  ): Promise<'recorded' | 'already-used' | 'changed'>;
}
