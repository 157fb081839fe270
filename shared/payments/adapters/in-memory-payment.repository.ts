import type { Payment } from '../payment.js';
import type { PaymentRepository } from '../payment.port.js';
import type { InvoiceChange } from '../allocation.js';
import { compare, compositeKey, copy, InMemoryInvoiceState } from '../../invoicing/index.js';

/**
 * An in-memory PaymentRepository. applyPayment is all or nothing, as the DynamoDB transaction: for a new
 * payment `duplicate` when its id is stored; for a further allocation (`previous`) `stale` when the
 * stored unapplied amount differs; `stale` when any invoice no longer has the balance and status it was
 * read with. Its events are put unconditionally.
 */
export class InMemoryPaymentRepository implements PaymentRepository {
  /** Runs just before applyPayment checks its conditions (a concurrent writer). */
  beforeApplyPayment?: () => void;

  constructor(readonly state = new InMemoryInvoiceState()) {}

  async applyPayment(payment: Payment, changes: InvoiceChange[], previous?: Payment): Promise<'applied' | 'duplicate' | 'stale'> {
    this.beforeApplyPayment?.();
    const key = compositeKey(payment.tenantId, payment.paymentId);
    const storedPayment = this.state.payments.get(key);
    if (!previous && storedPayment) return 'duplicate';
    if (previous && storedPayment?.unappliedAmount !== previous.unappliedAmount) return 'stale';
    if (!this.state.applyBalanceChanges(changes)) return 'stale';
    this.state.payments.set(key, copy(payment));
    return 'applied';
  }

  async getPayment(tenantId: string, paymentId: string): Promise<Payment | undefined> {
    const stored = this.state.payments.get(compositeKey(tenantId, paymentId));
    return stored && copy(stored);
  }

  async unappliedPayments(tenantId: string): Promise<Payment[]> {
    return [...this.state.payments.values()]
      .filter((payment) => payment.tenantId === tenantId && payment.unappliedAmount > 0)
      .sort((a, b) => compare(`${a.recordedAt}#${a.paymentId}`, `${b.recordedAt}#${b.paymentId}`))
      .map(copy);
  }
}
