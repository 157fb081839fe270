import type { DisputeRepository } from '../dispute.port.js';
import type { Invoice } from '../../invoicing/index.js';
import type { DisputeListing } from '../../self-service/index.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { compare, compositeKey, copy, InMemoryInvoiceState } from '../../invoicing/index.js';

/**
 * An in-memory DisputeRepository (listings are written by InMemoryCustomerLinkRepository.recordCustomerRequest).
 * resolveDispute is one step: `already-resolved` when the listing is missing or resolved; `changed`
 * when the invoice no longer has that dispute open or has another status or balance.
 */
export class InMemoryDisputeRepository implements DisputeRepository {
  constructor(readonly state = new InMemoryInvoiceState()) {}

  async openDisputes(tenantId: string): Promise<DisputeListing[]> {
    return [...this.state.disputes.entries()]
      .filter(([key, listing]) => key.startsWith(compositeKey(tenantId, '')) && listing.status === undefined)
      .map(([, listing]) => copy(listing))
      .sort((a, b) => compare(a.openedAt, b.openedAt));
  }

  async getDispute(tenantId: string, disputeId: string): Promise<DisputeListing | undefined> {
    const stored = this.state.disputes.get(compositeKey(tenantId, disputeId));
    return stored && copy(stored);
  }

  async resolveDispute(before: Invoice, after: Pick<Invoice, 'status' | 'balance' | 'dispute' | 'updatedAt'>, events: TimelineEvent[]): Promise<'resolved' | 'already-resolved' | 'changed'> {
    const dispute = after.dispute;
    if (!dispute || !before.dispute) throw new Error('resolveDispute needs the dispute being resolved');
    const disputeKey = compositeKey(before.tenantId, dispute.id);
    const listing = this.state.disputes.get(disputeKey);
    if (!listing || listing.status !== undefined) return 'already-resolved';
    const stored = this.state.invoice(before);
    if (!stored || stored.dispute?.id !== dispute.id || stored.dispute.status !== 'open' || stored.status !== before.status || stored.balance !== before.balance) return 'changed';
    this.state.disputes.set(disputeKey, { ...listing, status: 'resolved', resolvedAt: after.updatedAt, ...(dispute.resolution ? { resolution: copy(dispute.resolution) } : {}) });
    this.state.setInvoice({ ...stored, status: after.status, balance: after.balance, dispute: copy(dispute), updatedAt: after.updatedAt });
    this.state.putEvents(before, events);
    return 'resolved';
  }
}
