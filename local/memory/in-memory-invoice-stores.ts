import { InMemoryCustomerLinkRepository } from '../../shared/self-service/index.js';
import { InMemoryDisputeRepository } from '../../shared/disputes/index.js';
import { InMemoryEscalationRepository } from '../../shared/escalation/index.js';
import { InMemoryInvoiceRepository } from '../../shared/invoicing/index.js';
import type { InMemoryInvoiceState } from '../../shared/invoicing/index.js';
import { InMemoryLinkKeyStore } from '../../shared/kernel/index.js';
import { InMemoryNoticeLedger, InMemoryPaymentReferences } from '../../shared/invoicing/index.js';
import { InMemoryPaymentPlanRepository } from '../../shared/payment-plans/index.js';
import { InMemoryPaymentRepository } from '../../shared/payments/index.js';
import { InMemoryCreditNoteRepository } from '../../shared/credit-notes/index.js';
import { InMemoryInvoiceRevisions } from '../../shared/imports/index.js';

/**
 * The in-memory adapters of an invoice's aggregates over one shared state (as the DynamoDB adapters
 * share one table), so a payment recorded through one is seen by the claim of another.
 */
export function inMemoryInvoiceStores(invoices = new InMemoryInvoiceRepository()) {
  const state: InMemoryInvoiceState = invoices.state;
  return {
    invoices,
    noticeLedger: new InMemoryNoticeLedger(state),
    paymentReferences: new InMemoryPaymentReferences(state),
    payments: new InMemoryPaymentRepository(state),
    creditNotes: new InMemoryCreditNoteRepository(state),
    customerLinks: new InMemoryCustomerLinkRepository(state),
    disputes: new InMemoryDisputeRepository(state),
    paymentPlans: new InMemoryPaymentPlanRepository(state),
    escalations: new InMemoryEscalationRepository(state),
    linkKeys: new InMemoryLinkKeyStore(),
    invoiceRevisions: new InMemoryInvoiceRevisions(state),
  };
}

export type InMemoryInvoiceStores = ReturnType<typeof inMemoryInvoiceStores>;
