import type { Invoice } from '../../invoicing/index.js';
import type { PaymentPlan } from '../../invoicing/index.js';
import type { PaymentPlanRepository } from '../payment-plan.port.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { copy, InMemoryInvoiceState } from '../../invoicing/index.js';

/**
 * An in-memory PaymentPlanRepository: a plan is agreed only on an open invoice with no plan that is
 * unchanged since it was read (updatedAt, balance); broken only while it is the invoice's active plan.
 */
export class InMemoryPaymentPlanRepository implements PaymentPlanRepository {
  constructor(readonly state = new InMemoryInvoiceState()) {}

  async agreePaymentPlan(before: Invoice, plan: PaymentPlan, events: TimelineEvent[]): Promise<'agreed' | 'changed'> {
    const stored = this.state.invoice(before);
    if (!stored || stored.paymentPlan || stored.status !== 'open' || stored.balance !== before.balance || stored.updatedAt !== before.updatedAt) return 'changed';
    this.state.setInvoice({ ...stored, paymentPlan: copy(plan), updatedAt: plan.agreedAt });
    this.state.putEvents(before, events);
    return 'agreed';
  }

  async breakPaymentPlan(invoice: Invoice, plan: PaymentPlan, events: TimelineEvent[]): Promise<boolean> {
    const stored = this.state.invoice(invoice);
    if (!stored || stored.paymentPlan?.id !== plan.id || stored.paymentPlan.status !== 'active') return false;
    this.state.setInvoice({ ...stored, paymentPlan: copy(plan) });
    this.state.putEvents(invoice, events);
    return true;
  }
}
