import type { PaymentInput } from '../../shared/payments/index.js';
import type { EscalationState } from '../../shared/invoicing/index.js';
import type { InMemoryInvoiceRepository } from '../../shared/invoicing/index.js';


export const NBSP = '\u00a0';
export const TENANT = 'acme';
export const NUMBER = 'INV-1001';

/** An escalation that finance approved on 2026-12-12, with a 10-day grace period. */
export const approvedEscalation: EscalationState = {
  id: 'esc-1',
  status: 'approved',
  requestedAt: '2026-12-11T08:00:00.000Z',
  expiresAt: '2026-12-18T08:00:00.000Z',
  decision: 'approve',
  decidedBy: 'finance@acme.example',
  decidedAt: '2026-12-12T10:00:00.000Z',
  graceEndsAt: '2026-12-22T10:00:00.000Z',
};

export function payment(overrides: Partial<PaymentInput> = {}): PaymentInput {
  return { invoiceNumber: NUMBER, amount: 50000, currency: 'EUR', paidAt: '2026-12-03', reference: 'BANK-1', ...overrides };
}

export async function eventTypes(invoices: InMemoryInvoiceRepository, invoiceNumber = NUMBER): Promise<string[]> {
  return (await invoices.timeline(TENANT, invoiceNumber)).map((event) => event.key);
}
