import { ConflictError, dateInZone, type TimelineEvent } from '../kernel/index.js';
import type { DisputeResolution, Invoice } from '../invoicing/index.js';
import { issueCreditNote, type CreditNote } from '../credit-notes/index.js';
import { resolveDispute, type DisputeResolutionResult, type ResolveDisputeRequest } from './disputes.js';
import type { DisputesDeps } from './deps.js';

type CreditDeps = Pick<DisputesDeps, 'invoices' | 'creditNotes' | 'workflows' | 'clock'>;
type CreditNoteResolution = Extract<ResolveDisputeRequest, { kind: 'credit-note' }>;

/** The credit note document a dispute resolution issues: its number is the dispute's, so a retry finds it instead of crediting twice. */
export const disputeCreditNoteNumber = (disputeId: string) => `dispute-${disputeId}`;

/**
 * The first half of resolving a dispute by credit note: issues the credit note document (through the
 * same path as POST /credit-notes: allocated to the disputed invoice, one transaction with its balance),
 * unless an earlier attempt already did. The dispute stays open until the second half resolves it, so
 * nothing is sent in between (the reminder claim refuses an invoice with an open dispute); a retry after
 * a crash between the two finds the note and only resolves. Refuses an amount above the balance
 * (field `amount`), as before credit notes were documents.
 */
export async function creditForDispute(deps: CreditDeps, invoice: Invoice, disputeId: string, request: CreditNoteResolution): Promise<CreditNote> {
  const number = disputeCreditNoteNumber(disputeId);
  const existing = await deps.creditNotes.get(invoice.tenantId, number);
  if (existing) {
    if (existing.amount !== request.amount) {
      throw new ConflictError('credit_note_number_reused', `Dispute ${disputeId} was already credited with ${existing.amount} (credit note ${number}); resolve it with that amount`);
    }
    return existing;
  }
  resolveDispute(invoice, request, deps.clock.now()); // the checks of a resolution: an open dispute, an open invoice, at most the balance
  const { creditNote } = await issueCreditNote(
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
  return creditNote;
}

/**
 * The second half: the dispute resolved on the invoice as the credit note left it (its balance and
 * status are already the note's doing). The `dispute.resolved` event keeps its fields and names the
 * note (`creditNoteNumber`), which reports count instead of the resolution's amount.
 */
export function resolvedByCreditNote(invoice: Invoice, request: CreditNoteResolution, creditNote: CreditNote, now: Date): DisputeResolutionResult {
  const dispute = invoice.dispute;
  if (!dispute || dispute.status !== 'open') throw new ConflictError('dispute_resolved', `Invoice ${invoice.invoiceNumber} has no open dispute`);
  const at = now.toISOString();
  const credited = creditNote.allocations.filter((allocation) => allocation.invoiceNumber === invoice.invoiceNumber).reduce((sum, allocation) => sum + allocation.amount, 0);
  const resolution: DisputeResolution = { kind: 'credit-note', amount: creditNote.amount, ...(request.note ? { note: request.note } : {}) };
  const events: TimelineEvent[] = [
    {
      type: 'dispute.resolved',
      at,
      key: `dispute.resolved:${dispute.id}`,
      detail: {
        disputeId: dispute.id,
        kind: 'credit-note',
        amount: creditNote.amount,
        creditNoteNumber: creditNote.creditNoteNumber,
        ...(request.note ? { note: request.note } : {}),
        resolvedBy: request.by ?? 'api',
        balanceBefore: invoice.balance + credited,
        balance: invoice.balance,
        status: invoice.status,
        currency: invoice.currency,
        customerId: invoice.customer.id,
      },
    },
  ];
  return {
    after: { status: invoice.status, balance: invoice.balance, dispute: { ...dispute, status: 'resolved', resolution, resolvedAt: at }, updatedAt: at },
    events,
    collection: invoice.status === 'open' ? 'resume' : 'end',
  };
}
