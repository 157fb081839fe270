import type { Invoice } from '../invoicing/index.js';
import type { CustomerProfile } from '../customers/index.js';
import type { TimelineEvent } from '../kernel/index.js';
import type { Payment } from '../payments/index.js';

/**
 * Invoices read and written many at a time (POST /invoices, file imports, the workflow starter): the
 * only way a new invoice is stored, with its creation events, in a few round trips per hundred invoices.
 */
export interface InvoiceBatchStore {
  /** The stored invoices among these numbers (consistent reads), by number. */
  getMany(tenantId: string, invoiceNumbers: readonly string[]): Promise<Map<string, Invoice>>;
  /** The stored profiles among these customers, by customer id. */
  customerProfiles(tenantId: string, customerIds: readonly string[]): Promise<Map<string, CustomerProfile>>;
  /**
   * Stores each invoice with its timeline events only if its number is unused, listed under its
   * customer and (`policyName`) the policy that collects it. Per entry, in order: created, or the
   * invoice already stored under that number (nothing of the entry is written then).
   */
  createAll(entries: readonly { invoice: Invoice; events: TimelineEvent[]; policyName?: string }[]): Promise<({ created: true } | { created: false; stored: Invoice })[]>;
  /** The stored payments among these ids (consistent reads), by payment id. */
  getPayments(tenantId: string, paymentIds: readonly string[]): Promise<Map<string, Payment>>;
}
