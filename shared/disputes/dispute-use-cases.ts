import { ConflictError, NotFoundError } from '../kernel/index.js';
import type { Invoice } from '../invoicing/index.js';
import { resolveDispute, type DisputeRequest, type ResolveDisputeRequest } from './disputes.js';
import { openDispute } from '../self-service/index.js';
import type { DisputeState } from '../invoicing/index.js';
import type { DisputesDeps } from './deps.js';
import { restartWorkflow } from '../policy-assignment/index.js';
import { resolveByCreditNote } from './resolve-by-credit-note.js';

/** With `customers` and `policies`, a restarted workflow resolves its policy with the customer's current risk tier (restartWorkflow). */
type DisputeDeps = Pick<DisputesDeps, 'invoices' | 'customerLinks' | 'disputes' | 'workflows' | 'clock'> & Partial<Pick<DisputesDeps, 'customers' | 'policies'>>;
type ResolveDeps = DisputeDeps & Pick<DisputesDeps, 'creditNotes'>;

const MAX_ATTEMPTS = 3;

/**
 * Finance records a dispute on the customer's behalf: the same dispute as the customer's own link
 * opens (state, `invoice.disputed` event, listing in GET /disputes) and the same effect on collection
 * (a new workflow revision that plans nothing while the dispute is open).
 */
export async function recordDispute(deps: DisputeDeps, tenantId: string, request: DisputeRequest): Promise<{ dispute: DisputeState; invoice: Invoice }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const invoice = await deps.invoices.get(tenantId, request.invoiceNumber);
    if (!invoice) throw new NotFoundError(`Invoice ${request.invoiceNumber} does not exist`);
    if (invoice.status !== 'open') throw new ConflictError('invoice_not_open', `Invoice ${invoice.invoiceNumber} is ${invoice.status}; there is nothing left to dispute`);
    if (invoice.dispute?.status === 'open') throw new ConflictError('already_disputed', `Invoice ${invoice.invoiceNumber} already has an open dispute (${invoice.dispute.id})`);
    const now = deps.clock.now();
    const { dispute, event } = openDispute(invoice, request.reason, now, { recordedBy: request.by ?? 'api' });
    const after = { pausedUntil: invoice.pausedUntil, dispute, promise: invoice.promise, updatedAt: now.toISOString() };
    const recorded = await deps.customerLinks.recordCustomerRequest(invoice, after, undefined, 'dispute', [event]);
    if (recorded === 'changed') continue; // a payment or a customer request landed first: read again
    const disputed = { ...invoice, ...after };
    await restartWorkflow(deps, disputed, 'dispute recorded by finance');
    return { dispute, invoice: disputed };
  }
  throw new ConflictError('concurrent_update', `Invoice ${request.invoiceNumber} changed repeatedly while the dispute was recorded; retry the request`);
}

/**
 * Finance resolves a dispute, once: a credit note (a credit note document `dispute-<id>` through the
 * credit-notes module, resolve-by-credit-note.ts; the workflow resumes on the lower balance, or the
 * invoice is closed as credited when nothing is left), cancelling the invoice (closed, its workflow
 * stopped, nothing more sent) or rejecting it (collection resumes on a new workflow revision, which
 * plans from the invoice and its ledger, so notices already sent are not repeated).
 */
export async function resolveDisputeById(deps: ResolveDeps, tenantId: string, disputeId: string, request: ResolveDisputeRequest): Promise<{ dispute: DisputeState; invoice: Invoice }> {
  const listing = await deps.disputes.getDispute(tenantId, disputeId);
  if (!listing) throw new NotFoundError(`Dispute ${disputeId} does not exist`);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const invoice = await deps.invoices.get(tenantId, listing.invoiceNumber);
    if (!invoice) throw new NotFoundError(`Invoice ${listing.invoiceNumber} does not exist`);
    if (invoice.dispute?.id !== disputeId || invoice.dispute.status !== 'open') {
      throw new ConflictError('dispute_resolved', `Dispute ${disputeId} is already resolved${invoice.dispute?.resolution ? ` (${invoice.dispute.resolution.kind})` : ''}`);
    }
    // A credit note is a document: issued first (idempotent by its number), then the dispute resolved on the balance it left.
    const result = request.kind === 'credit-note' ? await resolveByCreditNote(deps, invoice, disputeId, request) : { invoice, ...resolveDispute(invoice, request, deps.clock.now()) };
    const outcome = await deps.disputes.resolveDispute(result.invoice, result.after, result.events);
    if (outcome !== 'resolved') continue; // read again: a second resolve is refused above, a payment re-plans the resolution
    const resolved = { ...result.invoice, ...result.after };
    if (result.collection === 'resume') await restartWorkflow(deps, resolved, `dispute resolved: ${request.kind}`);
    // Stopping is tidiness: a disputed invoice's workflow already planned nothing, and no step sends for a closed invoice.
    else await deps.workflows.stop(resolved, `dispute resolved: ${request.kind}`);
    return { dispute: result.after.dispute!, invoice: resolved };
  }
  throw new ConflictError('concurrent_update', `Invoice ${listing.invoiceNumber} changed repeatedly while dispute ${disputeId} was resolved; retry the request`);
}
