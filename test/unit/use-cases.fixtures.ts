import type { PaymentInput } from '../../shared/payments/index.js';
import type { InMemoryInvoiceRepository } from '../../shared/invoicing/index.js';

export const NBSP = '\u00a0';
export const TENANT = 'acme';
export const NUMBER = 'INV-1001';

export function payment(overrides: Partial<PaymentInput> = {}): PaymentInput {
  return { invoiceNumber: NUMBER, amount: 50000, currency: 'EUR', paidAt: '2026-12-03', reference: 'BANK-1', ...overrides };
}

export async function eventTypes(invoices: InMemoryInvoiceRepository, invoiceNumber = NUMBER): Promise<string[]> {
  return (await invoices.timeline(TENANT, invoiceNumber)).map((event) => event.key);
}
