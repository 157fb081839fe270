import type { CreditNoteRepository } from './credit-note.port.js';
import type { InvoicingDeps } from '../invoicing/index.js';

/** What the credit-notes module's use cases are given: its own port and those of the modules it builds on. */
export interface CreditNotesDeps extends InvoicingDeps {
  creditNotes: CreditNoteRepository;
}
