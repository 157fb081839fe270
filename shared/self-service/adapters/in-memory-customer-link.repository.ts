import type { CustomerLinkRepository } from '../customer-link.port.js';
import type { Invoice } from '../../invoicing/index.js';
import type { CustomerAction, CustomerLink } from '../self-service.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { compositeKey, copy, InMemoryInvoiceState } from '../../invoicing/index.js';

/**
 * An in-memory CustomerLinkRepository. A link id is stored once (a second put is refused). recordCustomerRequest
 * is one step, as the DynamoDB transaction: `already-used` when the link is missing or its action was
 * used; `changed` when the invoice is gone, not open or updated since it was read; otherwise it sets the
 * invoice's self-service fields (removing those `after` lacks), marks the link's action used, lists an
 * opened dispute and puts the events.
 */
export class InMemoryCustomerLinkRepository implements CustomerLinkRepository {
  constructor(readonly state = new InMemoryInvoiceState()) {}

  async putCustomerLink(link: CustomerLink): Promise<void> {
    // As the DynamoDB adapter's conditional put: a link id is stored once, and reads back with an empty `used` map.
    if (this.state.customerLinks.has(link.linkId)) throw new Error(`customer link ${link.linkId} is already stored`);
    this.state.customerLinks.set(link.linkId, { ...copy(link), used: copy(link.used ?? {}) });
  }

  async getCustomerLink(linkId: string): Promise<CustomerLink | undefined> {
    const stored = this.state.customerLinks.get(linkId);
    return stored && copy(stored);
  }

  async recordCustomerRequest(
    before: Invoice,
    after: Pick<Invoice, 'pausedUntil' | 'dispute' | 'promise' | 'updatedAt'>,
    link: CustomerLink | undefined,
    action: CustomerAction,
    events: TimelineEvent[],
  ): Promise<'recorded' | 'already-used' | 'changed'> {
    const storedLink = link && this.state.customerLinks.get(link.linkId);
    if (link && (!storedLink || storedLink.used?.[action])) return 'already-used';
    const stored = this.state.invoice(before);
    if (!stored || stored.status !== 'open' || stored.updatedAt !== before.updatedAt) return 'changed';
    const next: Invoice = { ...stored, updatedAt: after.updatedAt };
    for (const field of ['pausedUntil', 'dispute', 'promise'] as const) delete next[field];
    if (after.pausedUntil !== undefined) next.pausedUntil = after.pausedUntil;
    if (after.dispute !== undefined) next.dispute = copy(after.dispute);
    if (after.promise !== undefined) next.promise = copy(after.promise);
    this.state.setInvoice(next);
    if (storedLink) this.state.customerLinks.set(storedLink.linkId, { ...storedLink, used: { ...storedLink.used, [action]: after.updatedAt } });
    if (after.dispute && after.dispute.id !== before.dispute?.id) {
      this.state.disputes.set(compositeKey(before.tenantId, after.dispute.id), {
        disputeId: after.dispute.id,
        invoiceNumber: before.invoiceNumber,
        customerId: before.customer.id,
        reason: after.dispute.reason,
        openedAt: after.dispute.openedAt,
        balance: before.balance,
        currency: before.currency,
      });
    }
    this.state.putEvents(before, events);
    return 'recorded';
  }
}
