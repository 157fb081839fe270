import { compare, compositeKey, copy, InMemoryInvoiceState } from '../../invoicing/index.js';
import type { CreditChange, CreditNote } from '../credit-note.js';
import type { CreditNoteRepository } from '../credit-note.port.js';

/**
 * An in-memory CreditNoteRepository over the invoices' shared state. apply is all or nothing, as the
 * DynamoDB transaction: a new note is `duplicate` when its number is stored; a further allocation
 * (`previous`) is `stale` when the stored unapplied amount differs; `stale` when any invoice no longer
 * has the balance and status it was read with. Its events are put unconditionally.
 */
export class InMemoryCreditNoteRepository implements CreditNoteRepository {
  private readonly notes = new Map<string, CreditNote>();
  /** Runs just before apply checks its conditions (a concurrent writer). */
  beforeApply?: () => void;

  constructor(readonly state = new InMemoryInvoiceState()) {}

  async get(tenantId: string, creditNoteNumber: string): Promise<CreditNote | undefined> {
    const stored = this.notes.get(compositeKey(tenantId, creditNoteNumber));
    return stored && copy(stored);
  }

  async apply(note: CreditNote, changes: readonly CreditChange[], previous?: CreditNote): Promise<'applied' | 'duplicate' | 'stale'> {
    this.beforeApply?.();
    const key = compositeKey(note.tenantId, note.creditNoteNumber);
    const stored = this.notes.get(key);
    if (!previous && stored) return 'duplicate';
    if (previous && stored?.unappliedAmount !== previous.unappliedAmount) return 'stale';
    if (!this.state.applyBalanceChanges(changes)) return 'stale';
    this.notes.set(key, copy(note));
    return 'applied';
  }

  async unapplied(tenantId: string): Promise<CreditNote[]> {
    return [...this.notes.values()]
      .filter((note) => note.tenantId === tenantId && note.unappliedAmount > 0)
      .sort((a, b) => compare(`${a.recordedAt}#${a.creditNoteNumber}`, `${b.recordedAt}#${b.creditNoteNumber}`))
      .map(copy);
  }
}
