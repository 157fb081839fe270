import type { CreditChange, CreditNote } from './credit-note.js';

/** Credit notes, the customer credit they leave, and the invoice balances they lower. */
export interface CreditNoteRepository {
  get(tenantId: string, creditNoteNumber: string): Promise<CreditNote | undefined>;
  /**
   * Stores a credit note with its allocations, all or nothing. Without `previous` it is a new note
   * ('duplicate' when its number is already stored); with `previous` it is a further allocation of a
   * stored note ('stale' when its unapplied amount is no longer what was read). Each changed invoice
   * must still have the balance and status it was read with, else 'stale': an allocation is never
   * applied twice, and never over a payment or another note that committed first.
   */
  apply(note: CreditNote, changes: readonly CreditChange[], previous?: CreditNote): Promise<'applied' | 'duplicate' | 'stale'>;
  /** Notes with an unapplied amount (customer credit), oldest first. */
  unapplied(tenantId: string): Promise<CreditNote[]>;
}
