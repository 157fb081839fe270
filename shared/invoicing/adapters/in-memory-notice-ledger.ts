import type { Invoice } from '../invoice.js';
import type { NoticeLedger } from '../notice-ledger.port.js';
import type { NoticeRecord } from '../invoice-state.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { copy, InMemoryInvoiceState } from './in-memory-invoice-state.js';

/**
 * An in-memory NoticeLedger with the DynamoDB adapter's semantics:
 * - claimNotice fails with `already-claimed` when the stage has any ledger entry (claimed, sent or
 *   skipped), otherwise with `invoice-changed` when the invoice is gone, not open, has another balance
 *   or another content hash, has an open dispute or is paused at the claim's time;
 * - releaseNotice deletes a claim only (a sent notice stays);
 * - recordNoticesSkipped leaves existing entries alone.
 */
export class InMemoryNoticeLedger implements NoticeLedger {
  /** Runs just before claimNotice checks its conditions (a concurrent writer). */
  beforeClaim?: () => void;

  constructor(readonly state = new InMemoryInvoiceState()) {}

  /** Test setup: a ledger entry as it would be stored. */
  putNotice(tenantId: string, invoiceNumber: string, notice: NoticeRecord): void {
    this.state.ledger({ tenantId, invoiceNumber }).set(notice.stage, copy(notice));
  }

  async notices(tenantId: string, invoiceNumber: string): Promise<NoticeRecord[]> {
    return [...this.state.ledger({ tenantId, invoiceNumber }).values()].map(copy);
  }

  async claimNotice(
    invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'balance' | 'contentHash'>,
    stage: string,
    at: Date,
  ): Promise<{ claimed: true } | { claimed: false; reason: 'already-claimed' | 'invoice-changed' }> {
    this.beforeClaim?.();
    const ledger = this.state.ledger(invoice);
    if (ledger.has(stage)) return { claimed: false, reason: 'already-claimed' };
    const stored = this.state.invoice(invoice);
    if (!stored || stored.status !== 'open' || stored.balance !== invoice.balance || stored.contentHash !== invoice.contentHash) return { claimed: false, reason: 'invoice-changed' };
    if (stored.dispute?.status === 'open' || (stored.pausedUntil !== undefined && stored.pausedUntil > at.toISOString())) return { claimed: false, reason: 'invoice-changed' };
    ledger.set(stage, { stage, status: 'claimed', at: at.toISOString() });
    return { claimed: true };
  }

  async releaseNotice(tenantId: string, invoiceNumber: string, stage: string): Promise<void> {
    const ledger = this.state.ledger({ tenantId, invoiceNumber });
    if (ledger.get(stage)?.status === 'claimed') ledger.delete(stage);
  }

  async recordNoticeSent(tenantId: string, invoiceNumber: string, stage: string, messageId: string, event: TimelineEvent): Promise<void> {
    const ledger = this.state.ledger({ tenantId, invoiceNumber });
    // Like DynamoDB's UpdateItem: sets the fields on the entry, creating it if it is missing.
    ledger.set(stage, { ...ledger.get(stage), stage, status: 'sent', messageId, at: event.at });
    this.state.appendEvent({ tenantId, invoiceNumber }, event);
  }

  async recordNoticesSkipped(tenantId: string, invoiceNumber: string, stages: string[], reason: string, at: Date): Promise<void> {
    const ledger = this.state.ledger({ tenantId, invoiceNumber });
    for (const stage of stages) {
      if (!ledger.has(stage)) ledger.set(stage, { stage, status: 'skipped', at: at.toISOString(), reason });
    }
  }
}
