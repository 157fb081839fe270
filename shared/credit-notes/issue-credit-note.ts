import { ConflictError, NotFoundError, ValidationError } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import { creditNoteContentHash, type CreditAllocationRequest, type CreditChange, type CreditNote, type CreditNoteRequest, type CreditNoteSource } from './credit-note.js';
import { allocateCredit, type CreditTarget } from './credit-allocation.js';
import type { CreditNotesDeps } from './deps.js';

type CreditDeps = Pick<CreditNotesDeps, 'invoices' | 'creditNotes' | 'workflows' | 'clock'>;

export type CreditNoteOutcome = { outcome: 'created' | 'duplicate'; creditNote: CreditNote; invoices: Invoice[] };

const MAX_ATTEMPTS = 5;

/**
 * Records a credit note exactly once (by its number) and applies it: to the invoices it names, each
 * its amount or else what it owes (bounded by what is left of the note); the rest is the customer's
 * credit. The note, its unapplied entry and every invoice change commit in one transaction, each
 * invoice on the condition that it still has the balance and status read; an invoice that changed
 * meanwhile (a payment, another note) makes it read again and re-plan. An invoice left owing nothing
 * is `credited` and its workflow stopped; the reminder claim refuses it either way (it is not open).
 * The same number again: `duplicate` with the same content, else 409 `credit_note_number_reused`.
 */
export async function issueCreditNote(deps: CreditDeps, tenantId: string, request: CreditNoteRequest, source: CreditNoteSource): Promise<CreditNoteOutcome> {
  const contentHash = creditNoteContentHash(request);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const existing = await deps.creditNotes.get(tenantId, request.creditNoteNumber);
    if (existing) {
      if (existing.contentHash !== contentHash) {
        throw new ConflictError('credit_note_number_reused', `Credit note ${request.creditNoteNumber} was recorded with other content; a number names one credit note`);
      }
      return { outcome: 'duplicate', creditNote: existing, invoices: await invoicesOf(deps, existing) };
    }
    const targets = await targetsOf(deps, tenantId, request.allocations ?? []);
    const now = deps.clock.now();
    const base = {
      tenantId,
      creditNoteNumber: request.creditNoteNumber,
      customerId: request.customer.id,
      currency: request.currency,
      amount: request.amount,
      issueDate: request.issueDate,
      ...(request.reason ? { reason: request.reason } : {}),
      source,
    };
    const { changes, allocations, remaining } = allocateCredit(base, request.amount, targets, now);
    const creditNote: CreditNote = { ...base, allocations, unappliedAmount: remaining, contentHash, recordedAt: now.toISOString() };
    const result = await deps.creditNotes.apply(creditNote, changes);
    if (result === 'applied') {
      await stopCreditedWorkflows(deps, changes);
      return { outcome: 'created', creditNote, invoices: changes.map((change) => change.after) };
    }
    // 'duplicate': the same number committed meanwhile (the next round compares it); 'stale': an invoice changed.
  }
  throw new ConflictError('concurrent_update', `An invoice changed repeatedly while credit note ${request.creditNoteNumber} was applied; retry the request`);
}

/**
 * Applies (part of) what is left of a credit note to further invoices of its customer. Idempotent per
 * `requestId` (the Idempotency-Key, else the request's content): a retry finds the allocations it made.
 */
export async function allocateCreditNote(deps: CreditDeps, tenantId: string, creditNoteNumber: string, request: CreditAllocationRequest, requestId: string): Promise<CreditNoteOutcome> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const note = await deps.creditNotes.get(tenantId, creditNoteNumber);
    if (!note) throw new NotFoundError(`Credit note ${creditNoteNumber} does not exist`);
    const earlier = note.allocations.filter((allocation) => allocation.requestId === requestId);
    if (earlier.length > 0) return { outcome: 'duplicate', creditNote: note, invoices: await invoicesOf(deps, { ...note, allocations: earlier }) };
    if (note.unappliedAmount === 0) throw new ConflictError('credit_note_fully_applied', `Credit note ${creditNoteNumber} is fully applied; nothing is left to allocate`);
    const targets = await targetsOf(deps, tenantId, request.allocations);
    const now = deps.clock.now();
    const { changes, allocations, remaining } = allocateCredit(note, note.unappliedAmount, targets, now, { eventKeySuffix: `a${note.allocations.length}`, requestId });
    const after: CreditNote = { ...note, allocations: [...note.allocations, ...allocations], unappliedAmount: remaining };
    const result = await deps.creditNotes.apply(after, changes, note);
    if (result === 'applied') {
      await stopCreditedWorkflows(deps, changes);
      return { outcome: 'created', creditNote: after, invoices: changes.map((change) => change.after) };
    }
  }
  throw new ConflictError('concurrent_update', `Credit note ${creditNoteNumber} or its invoices changed repeatedly while it was allocated; retry the request`);
}

/** A credit note with the invoices it was applied to, as they are now; NotFoundError when there is none. */
export async function getCreditNote(deps: Pick<CreditDeps, 'invoices' | 'creditNotes'>, tenantId: string, creditNoteNumber: string): Promise<{ creditNote: CreditNote; invoices: Invoice[] }> {
  const creditNote = await deps.creditNotes.get(tenantId, creditNoteNumber);
  if (!creditNote) throw new NotFoundError(`Credit note ${creditNoteNumber} does not exist`);
  return { creditNote, invoices: await invoicesOf(deps, creditNote) };
}

/** Customer credit left by credit notes, oldest first. */
export async function unappliedCreditNotes(deps: Pick<CreditDeps, 'creditNotes'>, tenantId: string): Promise<CreditNote[]> {
  return deps.creditNotes.unapplied(tenantId);
}

async function targetsOf(deps: Pick<CreditDeps, 'invoices'>, tenantId: string, allocations: CreditNoteRequest['allocations'] & {}): Promise<CreditTarget[]> {
  return Promise.all(
    allocations.map(async (allocation, index): Promise<CreditTarget> => {
      const invoice = await deps.invoices.get(tenantId, allocation.invoiceNumber);
      if (!invoice) {
        throw new ValidationError(`Invoice ${allocation.invoiceNumber} does not exist`, [{ path: `allocations.${index}.invoiceNumber`, message: `names no invoice of this tenant` }]);
      }
      return { invoice, path: `allocations.${index}`, ...(allocation.amount === undefined ? {} : { limit: allocation.amount }) };
    }),
  );
}

async function invoicesOf(deps: Pick<CreditDeps, 'invoices'>, note: Pick<CreditNote, 'tenantId' | 'allocations'>): Promise<Invoice[]> {
  const numbers = [...new Set(note.allocations.map((allocation) => allocation.invoiceNumber))];
  const invoices = await Promise.all(numbers.map((number) => deps.invoices.get(note.tenantId, number)));
  return invoices.filter((invoice): invoice is Invoice => invoice !== undefined);
}

async function stopCreditedWorkflows(deps: Pick<CreditDeps, 'workflows'>, changes: readonly CreditChange[]): Promise<void> {
  // Stopping is tidiness: the reminder claim refuses an invoice that is not open with the balance it read.
  for (const change of changes) if (change.after.status === 'credited') await deps.workflows.stop(change.after, 'invoice credited');
}
