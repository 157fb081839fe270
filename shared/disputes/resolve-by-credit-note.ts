import { ConflictError, NotFoundError, dateInZone } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import { issueCreditNote, type CreditNote } from '../credit-notes/index.js';
import { checkResolution, disputeResolved, type CreditNoteResolution, type DisputeResolutionResult } from './disputes.js';
import type { DisputesDeps } from './deps.js';

type CreditDeps = Pick<DisputesDeps, 'invoices' | 'creditNotes' | 'workflows' | 'clock'>;

/** The credit note document a dispute resolution issues: its number is the dispute's, so a retry finds it instead of crediting twice. */
export const disputeCreditNoteNumber = (disputeId: string) => `dispute-${disputeId}`;

/**
 * Resolves a dispute by credit note, in two halves. First the credit note document is issued (through
 * the same path as POST /credit-notes: allocated to the disputed invoice, one transaction with its
 * balance), unless an earlier attempt already did. The dispute stays open until the second half
 * resolves it on the invoice as the note left it, so nothing is sent in between (the reminder claim
 * refuses an invoice with an open dispute); a retry after a crash between the two finds the note and
 * only resolves. Refuses an amount above the balance (field `amount`), as before credit notes were documents.
 */
export async function resolveByCreditNote(deps: CreditDeps, invoice: Invoice, disputeId: string, request: CreditNoteResolution): Promise<DisputeResolutionResult & { invoice: Invoice }> {
  const { creditNote, credited } = await creditForDispute(deps, invoice, disputeId, request);
  return { invoice: credited, ...resolvedByCreditNote(credited, request, creditNote, deps.clock.now()) };
}

/** The first half: the note, and the invoice as it left it (as committed, or read again when an earlier attempt issued it). */
async function creditForDispute(deps: CreditDeps, invoice: Invoice, disputeId: string, request: CreditNoteResolution): Promise<{ creditNote: CreditNote; credited: Invoice }> {
  const number = disputeCreditNoteNumber(disputeId);
  const existing = await deps.creditNotes.get(invoice.tenantId, number);
  if (existing) {
    if (existing.amount !== request.amount) {
      throw new ConflictError('credit_note_number_reused', `Dispute ${disputeId} was already credited with ${existing.amount} (credit note ${number}); resolve it with that amount`);
    }
    return { creditNote: existing, credited: await invoiceAsCredited(deps, invoice, []) };
  }
  checkResolution(invoice, request);
  const { creditNote, invoices } = await issueCreditNote(
    deps,
    invoice.tenantId,
    {
      creditNoteNumber: number,
      customer: { id: invoice.customer.id },
      currency: invoice.currency,
      amount: request.amount,
      issueDate: dateInZone(deps.clock.now(), 'UTC'),
      allocations: [{ invoiceNumber: invoice.invoiceNumber, amount: request.amount }],
      ...(request.note ? { reason: request.note } : {}),
    },
    { via: 'dispute', disputeId, by: request.by ?? 'api' },
  );
  return { creditNote, credited: await invoiceAsCredited(deps, invoice, invoices) };
}

/** The disputed invoice among those the note's issue returned (as committed), else read again. */
async function invoiceAsCredited(deps: Pick<CreditDeps, 'invoices'>, invoice: Invoice, returned: readonly Invoice[]): Promise<Invoice> {
  const credited = returned.find((candidate) => candidate.invoiceNumber === invoice.invoiceNumber) ?? (await deps.invoices.get(invoice.tenantId, invoice.invoiceNumber));
  if (!credited) throw new NotFoundError(`Invoice ${invoice.invoiceNumber} does not exist`);
  return credited;
}

/**
 * The second half: the dispute resolved on the invoice as the credit note left it (its balance and
 * status are already the note's doing). The `dispute.resolved` event keeps its fields and names the note.
 */
function resolvedByCreditNote(invoice: Invoice, request: CreditNoteResolution, creditNote: CreditNote, now: Date): DisputeResolutionResult {
  const credited = creditNote.allocations.filter((allocation) => allocation.invoiceNumber === invoice.invoiceNumber).reduce((sum, allocation) => sum + allocation.amount, 0);
  return disputeResolved(invoice, { ...request, amount: creditNote.amount }, now, {
    balanceBefore: invoice.balance + credited,
    balance: invoice.balance,
    status: invoice.status,
    creditNoteNumber: creditNote.creditNoteNumber,
  });
}
