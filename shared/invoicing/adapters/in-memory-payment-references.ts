import type { Invoice } from '../invoice.js';
import type { PaymentReferenceLookup } from '../payment-reference.port.js';
import { normalizePaymentReference } from '../../kernel/index.js';
import { compare, copy, type InMemoryInvoiceState } from './in-memory-invoice-state.js';

/** The lookup over the in-memory invoices: same answers as the index, without its lag. */
export class InMemoryPaymentReferences implements PaymentReferenceLookup {
  constructor(private readonly state: InMemoryInvoiceState) {}

  async findInvoiceByPaymentReference(tenantId: string, reference: string): Promise<Invoice | undefined> {
    const found = this.carrying(tenantId, reference);
    return found.length === 1 ? copy(found[0]!) : undefined;
  }

  async invoicesWithPaymentReference(tenantId: string, reference: string, limit: number): Promise<string[]> {
    return this.carrying(tenantId, reference)
      .map((invoice) => invoice.invoiceNumber)
      .sort(compare)
      .slice(0, limit);
  }

  private carrying(tenantId: string, reference: string): Invoice[] {
    const normalized = normalizePaymentReference(reference);
    return [...this.state.invoices.values()].filter((invoice) => invoice.tenantId === tenantId && invoice.paymentReference === normalized);
  }
}
