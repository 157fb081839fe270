import type { Invoice } from './invoice.js';
import type { NoticeRecord } from './reminder-schedule.js';
import type { TimelineEvent } from './timeline.js';
import type { Payment } from './payment.js';

/** Storage of invoices, their notice ledger and timeline; the adapter owns the key layout. */
export interface InvoiceRepository {
  /** Stores a new invoice; returns the stored one instead when the number already exists. */
  createIfAbsent(invoice: Invoice, event: TimelineEvent): Promise<{ created: boolean; invoice: Invoice }>;
  get(tenantId: string, invoiceNumber: string): Promise<Invoice | undefined>;
  notices(tenantId: string, invoiceNumber: string): Promise<NoticeRecord[]>;
  timeline(tenantId: string, invoiceNumber: string): Promise<TimelineEvent[]>;
  appendEvent(tenantId: string, invoiceNumber: string, event: TimelineEvent): Promise<void>;
  /**
   * Claims a reminder stage before it is sent, atomically with a check that the invoice is still
   * open with the balance it was read with: a payment that committed first makes the claim fail
   * with reason `invoice-changed`.
   */
  claimNotice(
    invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'balance'>,
    stage: string,
    at: Date,
  ): Promise<{ claimed: true } | { claimed: false; reason: 'already-claimed' | 'invoice-changed' }>;
  /** Gives a claim back when the send failed, so a retry may send. */
  releaseNotice(tenantId: string, invoiceNumber: string, stage: string): Promise<void>;
  recordNoticeSent(tenantId: string, invoiceNumber: string, stage: string, messageId: string, event: TimelineEvent): Promise<void>;
  /** Marks stages skipped (superseded, not sent); existing ledger entries are left alone. */
  recordNoticesSkipped(tenantId: string, invoiceNumber: string, stages: string[], reason: string, at: Date): Promise<void>;
  /**
   * Applies a payment once: stores it, lowers the balance and changes the status, all or nothing,
   * provided the invoice still has the balance and status it was read with.
   */
  applyPayment(before: Invoice, after: Invoice, payment: Payment, events: TimelineEvent[]): Promise<'applied' | 'duplicate' | 'stale'>;
  getPayment(tenantId: string, paymentId: string): Promise<Payment | undefined>;
  markFailed(tenantId: string, invoiceNumber: string, failure: NonNullable<Invoice['workflowError']>, event: TimelineEvent): Promise<void>;
}

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. the invoice number for support staff tracing a notice. */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** Control of invoice workflows (Step Functions). */
export interface InvoiceWorkflows {
  /** Starts the invoice's workflow; starting one that already exists is success. */
  start(invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'revision'>): Promise<{ executionName: string }>;
  /** Stops it (the invoice no longer needs collecting); a missing or finished one is success. */
  stop(invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'revision'>, reason: string): Promise<void>;
}

/** Maps hashed API keys to their tenant. */
export interface ApiKeyStore {
  tenantForKey(apiKey: string): Promise<string | undefined>;
  put(apiKey: string, tenantId: string, label: string): Promise<void>;
}
