import type { Invoice } from './invoice.js';

/**
 * Invoices by their payment reference (ISO 11649 RF…, Swiss QR reference): what a bank statement or a
 * payment quotes. References are compared normalized (no spaces, upper case): the adapters normalize
 * what they are given. Indexed when the invoice is created; an invoice stored before references existed
 * is not found by its derived reference.
 */
export interface PaymentReferenceLookup {
  /**
   * The invoice of this tenant that carries this reference, read as it is now (consistently); undefined
   * when no invoice carries it, or when more than one do: an ambiguous reference is never a guess.
   */
  findInvoiceByPaymentReference(tenantId: string, reference: string): Promise<Invoice | undefined>;
  /**
   * The numbers of the invoices that carry this reference, at most `limit` (uniqueness checks). On
   * DynamoDB an index, eventually consistent: an invoice created a moment ago may be missing.
   */
  invoicesWithPaymentReference(tenantId: string, reference: string, limit: number): Promise<string[]>;
}
