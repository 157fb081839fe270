import type { InvoiceRepository } from './invoice.port.js';
import type { NoticeLedger } from './notice-ledger.port.js';
import type { PaymentReferenceLookup } from './payment-reference.port.js';
import type { InvoiceWorkflows } from './workflow.port.js';
import type { PoliciesDeps } from '../policies/index.js';

/** What the invoicing module's use cases are given: its own ports and those of the modules it builds on. */
export interface InvoicingDeps extends PoliciesDeps {
  invoices: InvoiceRepository;
  noticeLedger: NoticeLedger;
  paymentReferences: PaymentReferenceLookup;
  workflows: InvoiceWorkflows;
}
