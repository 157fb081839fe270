import type { Payment } from './payment.js';
import type { InvoiceChange } from './allocation.js';

/** Payments and the invoice balances they change. */
export interface PaymentRepository {
  /**
   * Stores a payment with its allocations, all or nothing. Without `previous` it is a new payment
   * ('duplicate' when its id is already stored); with `previous` it is a further allocation of a stored
   * payment ('stale' when its unapplied amount is no longer what was read). Each changed invoice must
   * still have the balance and status it was read with, else 'stale'.
   */
  applyPayment(payment: Payment, changes: InvoiceChange[], previous?: Payment): Promise<'applied' | 'duplicate' | 'stale'>;
  getPayment(tenantId: string, paymentId: string): Promise<Payment | undefined>;
  /** Payments with an unapplied amount (unmatched cash and customer credit), oldest first. */
  unappliedPayments(tenantId: string): Promise<Payment[]>;
}
