import { ConflictError, mapWithConcurrency } from '../kernel/index.js';
import type { Invoice, InvoiceInput } from '../invoicing/index.js';
import type { ImportsDeps } from './deps.js';

/** Index queries in flight at once (one per invoice that brings its own reference). */
const CHECKS_IN_FLIGHT = 8;

/**
 * The new invoices whose payment reference another invoice of the tenant already has, with the reason.
 * Two invoices with one reference would make a payment quoting it ambiguous (the lookup then answers
 * none), so creation refuses the second:
 * - within the batch, the first invoice keeps a reference and later ones are refused;
 * - against stored invoices, a reference posted by upstream is looked up in the `byPaymentReference`
 *   index. A reference arflow derived is unique by construction (kernel/payment-reference.ts) and is not
 *   looked up (no read per invoice of a bulk import). What this does not see (README, "Payment
 *   references"): two invoices posted at the same moment with the same reference (the index lags by a
 *   fraction of a second), and a posted reference equal to the one arflow would derive for a number
 *   created later. Both leave a reference shared, which matching treats as no match, never a wrong one.
 */
export async function takenPaymentReferences(
  deps: Pick<ImportsDeps, 'paymentReferences'>,
  tenantId: string,
  candidates: readonly { input: InvoiceInput; invoice: Invoice }[],
): Promise<Map<string, ConflictError>> {
  const refused = new Map<string, ConflictError>();
  const holder = new Map<string, string>();
  for (const { invoice } of candidates) {
    const reference = invoice.paymentReference!;
    const first = holder.get(reference);
    if (first === undefined) holder.set(reference, invoice.invoiceNumber);
    else refused.set(invoice.invoiceNumber, taken(reference, first));
  }
  const posted = candidates.filter(({ input, invoice }) => input.paymentReference !== undefined && !refused.has(invoice.invoiceNumber));
  await mapWithConcurrency(posted, CHECKS_IN_FLIGHT, async ({ invoice }) => {
    const holders = await deps.paymentReferences.invoicesWithPaymentReference(tenantId, invoice.paymentReference!, 2);
    const other = holders.find((number) => number !== invoice.invoiceNumber);
    if (other !== undefined) refused.set(invoice.invoiceNumber, taken(invoice.paymentReference!, other));
  });
  return refused;
}

function taken(reference: string, invoiceNumber: string): ConflictError {
  return new ConflictError('payment_reference_taken', `Payment reference ${reference} is already the reference of invoice ${invoiceNumber}; each invoice needs its own`);
}
