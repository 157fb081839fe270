import { InMemoryCustomerLinkRepository } from './in-memory-customer-link.repository.js';
import { InMemoryDisputeRepository } from './in-memory-dispute.repository.js';
import { InMemoryEscalationRepository } from './in-memory-escalation.repository.js';
import { InMemoryInvoiceRepository } from './in-memory-invoice.repository.js';
import type { InMemoryInvoiceState } from './in-memory-invoice-state.js';
import { InMemoryLinkKeyStore } from './in-memory-link-key.store.js';
import { InMemoryNoticeLedger } from './in-memory-notice-ledger.js';
import { InMemoryPaymentPlanRepository } from './in-memory-payment-plan.repository.js';
import { InMemoryPaymentRepository } from './in-memory-payment.repository.js';

/**
 * The in-memory adapters of an invoice's aggregates over one shared state (as the DynamoDB adapters
 * share one table), so a payment recorded through one is seen by the claim of another.
 */
export function inMemoryInvoiceStores(invoices = new InMemoryInvoiceRepository()) {
  const state: InMemoryInvoiceState = invoices.state;
  return {
    invoices,
    noticeLedger: new InMemoryNoticeLedger(state),
    payments: new InMemoryPaymentRepository(state),
    customerLinks: new InMemoryCustomerLinkRepository(state),
    disputes: new InMemoryDisputeRepository(state),
    paymentPlans: new InMemoryPaymentPlanRepository(state),
    escalations: new InMemoryEscalationRepository(state),
    linkKeys: new InMemoryLinkKeyStore(),
  };
}

export type InMemoryInvoiceStores = ReturnType<typeof inMemoryInvoiceStores>;
