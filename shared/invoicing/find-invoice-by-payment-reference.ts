import type { Invoice } from './invoice.js';
import type { InvoicingDeps } from './deps.js';

/**
 * The invoice a payment reference names (as a payer or a bank statement quotes it: spaces and case do
 * not matter); undefined when none, or when two invoices share it (never a guess).
 */
export function findInvoiceByPaymentReference(deps: Pick<InvoicingDeps, 'paymentReferences'>, tenantId: string, reference: string): Promise<Invoice | undefined> {
  return deps.paymentReferences.findInvoiceByPaymentReference(tenantId, reference);
}
