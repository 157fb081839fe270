import { ValidationError, type TimelineEvent } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import type { CreditChange, CreditNote, CreditNoteAllocation } from './credit-note.js';

export interface CreditTarget {
  invoice: Invoice;
  /** At most this much (an allocation's named amount); absent: what the invoice still owes. */
  limit?: number;
  /** Where the allocation is in the request, for the field path of a refusal (`allocations.0`). */
  path: string;
}

/**
 * Why a credit note cannot go to this invoice, as a refusal with the field path: another customer's,
 * another currency, no longer open, or a named amount above what it owes.
 */
function checkTarget(note: Pick<CreditNote, 'creditNoteNumber' | 'customerId' | 'currency'>, target: CreditTarget): void {
  const { invoice, path } = target;
  if (invoice.customer.id !== note.customerId) {
    throw new ValidationError(`Invoice ${invoice.invoiceNumber} belongs to customer ${invoice.customer.id}, not ${note.customerId}`, [
      { path: `${path}.invoiceNumber`, message: `must be an invoice of customer ${note.customerId}` },
    ]);
  }
  if (invoice.currency !== note.currency) {
    throw new ValidationError(`Credit note currency ${note.currency} does not match invoice ${invoice.invoiceNumber}'s currency ${invoice.currency}`, [
      { path: 'currency', message: `must be ${invoice.currency}, the currency of invoice ${invoice.invoiceNumber}` },
    ]);
  }
  if (invoice.status !== 'open') {
    throw new ValidationError(`Invoice ${invoice.invoiceNumber} is ${invoice.status}; only open invoices take credit`, [
      { path: `${path}.invoiceNumber`, message: `is ${invoice.status}; only an open invoice can be credited` },
    ]);
  }
  if (target.limit !== undefined && target.limit > invoice.balance) {
    throw new ValidationError(`Invoice ${invoice.invoiceNumber} owes ${invoice.balance}; ${target.limit} cannot be credited to it`, [
      { path: `${path}.amount`, message: `must be at most ${invoice.balance}, what the invoice still owes` },
    ]);
  }
}

/**
 * Applies `available` of a credit note to the targets in order (each its named amount, else what it
 * owes, bounded by what is left of the note). Pure: the invoice changes with their timeline events, the
 * allocations for the note's audit trail, and what is left. An invoice left owing nothing is `credited`.
 */
export function allocateCredit(
  note: Pick<CreditNote, 'tenantId' | 'creditNoteNumber' | 'customerId' | 'currency' | 'amount' | 'issueDate' | 'reason' | 'source'>,
  available: number,
  targets: readonly CreditTarget[],
  now: Date,
  options: { eventKeySuffix?: string; requestId?: string } = {},
): { changes: CreditChange[]; allocations: CreditNoteAllocation[]; remaining: number } {
  const at = now.toISOString();
  const suffix = options.eventKeySuffix ? `:${options.eventKeySuffix}` : '';
  const changes: CreditChange[] = [];
  const allocations: CreditNoteAllocation[] = [];
  let remaining = available;
  for (const target of targets) checkTarget(note, target);
  let named = targets.reduce((sum, target) => sum + (target.limit ?? 0), 0);
  if (named > available) {
    throw new ValidationError(`Credit note ${note.creditNoteNumber} has ${available} left; ${named} cannot be allocated`, [{ path: 'allocations', message: `allocate at most ${available}, what is left of the credit note` }]);
  }
  for (const target of targets) {
    const { invoice } = target;
    // A named amount is kept for its invoice; an allocation without one takes what the invoice owes from the rest.
    if (target.limit !== undefined) named -= target.limit;
    const applied = target.limit ?? Math.min(invoice.balance, remaining - named);
    if (applied <= 0) continue;
    remaining -= applied;
    const balance = invoice.balance - applied;
    const after: Invoice = { ...invoice, balance, status: balance === 0 ? 'credited' : 'open', updatedAt: at };
    const events: TimelineEvent[] = [
      {
        type: 'credit-note.applied',
        at,
        key: `credit-note.applied:${note.creditNoteNumber}${suffix}`,
        detail: {
          creditNoteNumber: note.creditNoteNumber,
          amount: applied,
          creditNoteAmount: note.amount,
          issueDate: note.issueDate,
          ...(note.reason ? { reason: note.reason } : {}),
          source: { ...note.source },
          balanceBefore: invoice.balance,
          balance,
          status: after.status,
          currency: note.currency,
          customerId: note.customerId,
        },
      },
    ];
    if (after.status !== invoice.status) {
      events.push({ type: 'status.changed', at, key: `status.changed:${after.status}:${note.creditNoteNumber}${suffix}`, detail: { from: invoice.status, to: after.status } });
    }
    changes.push({ before: invoice, after, events });
    allocations.push({ invoiceNumber: invoice.invoiceNumber, amount: applied, at, ...(options.requestId ? { requestId: options.requestId } : {}) });
  }
  return { changes, allocations, remaining };
}
