import * as z from 'zod';
import { ConflictError, ValidationError } from '../kernel/index.js';
import { invoiceNumberSchema, type Invoice, type InvoiceStatus } from '../invoicing/index.js';
import type { DisputeResolution, DisputeState } from '../invoicing/index.js';
import type { TimelineEvent } from '../kernel/index.js';
import { minorUnitsSchema, typeError } from '../kernel/index.js';

/** POST /disputes: finance records a dispute on the customer's behalf (a phone call, an email). */
export const disputeRequestSchema = z.object({
  invoiceNumber: invoiceNumberSchema,
  reason: z.string(typeError('must be a text')).trim().min(3, 'say in a few words what the customer disputes').max(2000, 'must be at most 2000 characters'),
  /** Who recorded it, for the audit trail. */
  by: z.string().trim().min(1).max(200).optional(),
});
export type DisputeRequest = z.infer<typeof disputeRequestSchema>;

const note = z.string().trim().min(1).max(2000, 'must be at most 2000 characters').optional();

/**
 * POST /disputes/{id}/resolve: `{"kind": "credit-note", "amount": 5000}`, `{"kind": "cancel"}` or
 * `{"kind": "reject"}`, each with an optional `note` and `by`. `amountMinor` is accepted for `amount`.
 */
export const resolveDisputeRequestSchema = z.preprocess(
  (body) => {
    if (body && typeof body === 'object' && !Array.isArray(body) && 'amountMinor' in body && !('amount' in body)) {
      const { amountMinor, ...rest } = body as Record<string, unknown>;
      return { ...rest, amount: amountMinor };
    }
    return body;
  },
  z.discriminatedUnion(
    'kind',
    [
      z.object({ kind: z.literal('credit-note'), amount: minorUnitsSchema, note, by: z.string().trim().min(1).max(200).optional() }),
      z.object({ kind: z.literal('cancel'), note, by: z.string().trim().min(1).max(200).optional() }),
      z.object({ kind: z.literal('reject'), note, by: z.string().trim().min(1).max(200).optional() }),
    ],
    { error: 'must be credit-note, cancel or reject' },
  ),
);
export type ResolveDisputeRequest = z.infer<typeof resolveDisputeRequestSchema>;

export interface DisputeResolutionResult {
  after: Pick<Invoice, 'status' | 'balance' | 'dispute' | 'updatedAt'>;
  events: TimelineEvent[];
  /** resume: collection goes on (a new workflow revision); end: the invoice is closed. */
  collection: 'resume' | 'end';
}

/** A resolution that is a document of its own: the credit note issued first (resolve-by-credit-note.ts). */
export type CreditNoteResolution = Extract<ResolveDisputeRequest, { kind: 'credit-note' }>;

/**
 * The refusals of a resolution, before anything is written: the invoice has no open dispute, is no
 * longer open (only rejecting its dispute is possible then), or a credit note exceeds its balance.
 */
export function checkResolution(invoice: Invoice, request: ResolveDisputeRequest): void {
  openDisputeOf(invoice);
  if (request.kind !== 'reject' && invoice.status !== 'open') {
    throw new ConflictError('invoice_not_open', `Invoice ${invoice.invoiceNumber} is ${invoice.status}; only rejecting its dispute is possible`);
  }
  if (request.kind === 'credit-note' && request.amount > invoice.balance) {
    throw new ValidationError(`A credit note of ${request.amount} exceeds the balance ${invoice.balance} of invoice ${invoice.invoiceNumber}`, [
      { path: 'amount', message: `must be at most ${invoice.balance}, the balance` },
    ]);
  }
}

/**
 * The invoice after finance cancels it or rejects its dispute. Pure. Cancelling closes the invoice as
 * `cancelled` with nothing owed; rejecting closes the dispute and collection resumes on the balance as it is.
 */
export function resolveDispute(invoice: Invoice, request: Exclude<ResolveDisputeRequest, CreditNoteResolution>, now: Date): DisputeResolutionResult {
  checkResolution(invoice, request);
  const cancelled = request.kind === 'cancel';
  return disputeResolved(invoice, request, now, { balanceBefore: invoice.balance, balance: cancelled ? 0 : invoice.balance, status: cancelled ? 'cancelled' : invoice.status });
}

/**
 * The open dispute closed on the invoice. Pure. `outcome` is the balance before the resolution and
 * the balance and status after it: cancelling's doing, or a credit note's (`creditNoteNumber`, which
 * reports count instead of the resolution's amount). A status it changes itself is a `status.changed` event.
 */
export function disputeResolved(
  invoice: Invoice,
  request: ResolveDisputeRequest,
  now: Date,
  outcome: { balanceBefore: number; balance: number; status: InvoiceStatus; creditNoteNumber?: string },
): DisputeResolutionResult {
  const dispute = openDisputeOf(invoice);
  const { balance, status } = outcome;
  const at = now.toISOString();
  const resolution: DisputeResolution =
    request.kind === 'credit-note' ? { kind: 'credit-note', amount: request.amount, ...(request.note ? { note: request.note } : {}) } : { kind: request.kind, ...(request.note ? { note: request.note } : {}) };
  const events: TimelineEvent[] = [
    {
      type: 'dispute.resolved',
      at,
      key: `dispute.resolved:${dispute.id}`,
      detail: {
        disputeId: dispute.id,
        kind: resolution.kind,
        ...(resolution.kind === 'credit-note' ? { amount: resolution.amount } : {}),
        ...(outcome.creditNoteNumber ? { creditNoteNumber: outcome.creditNoteNumber } : {}),
        ...(resolution.note ? { note: resolution.note } : {}),
        resolvedBy: request.by ?? 'api',
        balanceBefore: outcome.balanceBefore,
        balance,
        status,
        currency: invoice.currency,
        customerId: invoice.customer.id,
      },
    },
  ];
  if (status !== invoice.status) events.push({ type: 'status.changed', at, key: `status.changed:${status}:${dispute.id}`, detail: { from: invoice.status, to: status } });
  return {
    after: { status, balance, dispute: { ...dispute, status: 'resolved', resolution, resolvedAt: at }, updatedAt: at },
    events,
    collection: status === 'open' ? 'resume' : 'end',
  };
}

function openDisputeOf(invoice: Invoice): DisputeState {
  const dispute = invoice.dispute;
  if (!dispute || dispute.status !== 'open') throw new ConflictError('dispute_resolved', `Invoice ${invoice.invoiceNumber} has no open dispute`);
  return dispute;
}
