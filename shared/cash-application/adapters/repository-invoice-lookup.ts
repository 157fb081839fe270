import type { Invoice, InvoiceRepository } from '../../invoicing/index.js';
import type { InvoiceLookup } from '../invoice-lookup.port.js';
import { isCreditorReference, isQrReference, normalizeReference } from '../references.js';

/**
 * The InvoiceLookup over the invoice repository. Until the invoicing module's payment references
 * (issue 15, part A: `findInvoiceByPaymentReference` on the sparse byPaymentReference index) are
 * connected, a structured reference finds the invoice whose number it carries: an RF reference's body
 * (RF18INV1001 → INV1001), a QR reference's digits without leading zeros and check digit, or the
 * reference itself; and only when that invoice's `metadata.paymentReference` (if any) agrees.
 */
export class RepositoryInvoiceLookup implements InvoiceLookup {
  constructor(private readonly invoices: Pick<InvoiceRepository, 'get' | 'openInvoicesOf'>) {}

  async byPaymentReference(tenantId: string, reference: string): Promise<Invoice | undefined> {
    const normalized = normalizeReference(reference);
    const number = isCreditorReference(normalized) ? normalized.slice(4) : isQrReference(normalized) ? normalized.slice(0, 26).replace(/^0+/, '') : undefined;
    if (!number) return undefined;
    const invoice = await this.invoices.get(tenantId, number);
    if (!invoice) return undefined;
    const stated = invoice.metadata?.['paymentReference'];
    return stated === undefined || (typeof stated === 'string' && normalizeReference(stated) === normalized) ? invoice : undefined;
  }

  byNumber(tenantId: string, invoiceNumber: string): Promise<Invoice | undefined> {
    return this.invoices.get(tenantId, invoiceNumber);
  }

  openInvoicesOf(tenantId: string, customerId: string, limit: number): Promise<Invoice[]> {
    return this.invoices.openInvoicesOf(tenantId, customerId, limit);
  }
}
