import type { Invoice } from './invoice.js';
import type { NoticeRecord } from './invoice-state.js';
import type { TimelineEvent } from '../kernel/index.js';

/** Each invoice's notice ledger: which reminder stages were claimed, sent or skipped (at most one notice per stage). */
export interface NoticeLedger {
  notices(tenantId: string, invoiceNumber: string): Promise<NoticeRecord[]>;
  /**
   * Claims a reminder stage before it is sent, atomically with a check that the invoice is still
   * open with the balance and the content it was read with, has no open dispute and is
   * not paused at `at`: a payment, a void, an upstream correction, a dispute or a pause that committed
   * first makes the claim fail with reason `invoice-changed`.
   */
  claimNotice(
    invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'balance' | 'contentHash'>,
    stage: string,
    at: Date,
  ): Promise<{ claimed: true } | { claimed: false; reason: 'already-claimed' | 'invoice-changed' }>;
  /** Gives a claim back when the send failed, so a retry may send. */
  releaseNotice(tenantId: string, invoiceNumber: string, stage: string): Promise<void>;
  recordNoticeSent(tenantId: string, invoiceNumber: string, stage: string, messageId: string, event: TimelineEvent): Promise<void>;
  /** Marks stages skipped (superseded, not sent); existing ledger entries are left alone. */
  recordNoticesSkipped(tenantId: string, invoiceNumber: string, stages: string[], reason: string, at: Date): Promise<void>;
}
