import type { InvoiceBatchStore } from './invoice-batch.port.js';
import type { PolicyAssignmentDeps } from '../policy-assignment/index.js';
import type { PaymentsDeps } from '../payments/index.js';
import type { CreditNotesDeps } from '../credit-notes/index.js';
import type { InvoiceRevisionStore } from './invoice-revision.port.js';

/** What the imports module's use cases are given: its own ports and those of the modules it builds on. */
export interface ImportsDeps extends PolicyAssignmentDeps, PaymentsDeps, CreditNotesDeps {
  /** Invoices read and written many at a time (POST /invoices batches, file imports, the workflow starter). */
  invoiceBatch: InvoiceBatchStore;
  /** The system of record's corrections, voids and upstream settlements of stored invoices. */
  invoiceRevisions: InvoiceRevisionStore;
}
