import type { Invoice } from '../invoicing/index.js';
import type { PaymentPlan } from '../invoicing/index.js';
import type { TimelineEvent } from '../kernel/index.js';

/** An invoice's payment plan (kept on the invoice). */
export interface PaymentPlanRepository {
  /**
   * Stores a newly agreed payment plan with its events, provided the invoice is still open, has no
   * plan and is unchanged since it was read (its `updatedAt` and balance); 'changed' otherwise.
   */
  agreePaymentPlan(before: Invoice, plan: PaymentPlan, events: TimelineEvent[]): Promise<'agreed' | 'changed'>;
  /** Marks the invoice's plan broken with its events, once: false when it is no longer that active plan. */
  breakPaymentPlan(invoice: Invoice, plan: PaymentPlan, events: TimelineEvent[]): Promise<boolean>;
}
