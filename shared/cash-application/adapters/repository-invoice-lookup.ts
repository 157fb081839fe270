import type { Invoice, InvoiceRepository, PaymentReferenceLookup } from '../../invoicing/index.js';
import { creditorReferenceFor, normalizePaymentReference } from '../../kernel/index.js';
import type { InvoiceLookup } from '../invoice-lookup.port.js';

/**
 * The InvoiceLookup over the invoicing module: a structured reference is looked up in the
 * byPaymentReference index (findInvoiceByPaymentReference: none when two invoices carry it). An invoice
 * stored before references existed is not in the index; its derived RF reference (readable body = its
 * number) still finds it, provided the reference is exactly the one arflow derives for that number.
 */
export class RepositoryInvoiceLookup implements InvoiceLookup {
  constructor(
    private readonly invoices: Pick<InvoiceRepository, 'get' | 'openInvoicesOf'>,
    private readonly references: Pick<PaymentReferenceLookup, 'findInvoiceByPaymentReference'>,
  ) {}

  async byPaymentReference(tenantId: string, reference: string): Promise<Invoice | undefined> {
    const normalized = normalizePaymentReference(reference);
    const indexed = await this.references.findInvoiceByPaymentReference(tenantId, normalized);
    if (indexed) return indexed;
    if (!/^RF\d{2}/.test(normalized)) return undefined;
    const invoice = await this.invoices.get(tenantId, normalized.slice(4));
    if (!invoice || creditorReferenceFor(tenantId, invoice.invoiceNumber) !== normalized) return undefined;
    return invoice.paymentReference === undefined || normalizePaymentReference(invoice.paymentReference) === normalized ? invoice : undefined;
  }

  byNumber(tenantId: string, invoiceNumber: string): Promise<Invoice | undefined> {
    return this.invoices.get(tenantId, invoiceNumber);
  }

  openInvoicesOf(tenantId: string, customerId: string, limit: number): Promise<Invoice[]> {
    return this.invoices.openInvoicesOf(tenantId, customerId, limit);
  }
}
