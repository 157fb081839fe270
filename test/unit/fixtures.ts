import { invoiceInputSchema, newInvoice, type EscalationState, type Invoice, type InvoiceInput } from '../../shared/invoicing/index.js';
import { collectionPolicySchema, type CollectionPolicy, type CollectionPolicyInput } from '../../shared/policies/index.js';

/** The example of the POST /invoices contract, as upstream systems send it (a fresh copy each call). */
export function contractExample(): Record<string, unknown> & { customer: Record<string, unknown> } {
  return {
    invoiceNumber: 'INV-1001',
    customer: { id: 'C-1', name: 'Acme GmbH', email: 'ap@acme.example', timezone: 'Europe/Berlin', locale: 'de-DE' },
    issueDate: '2026-11-01',
    dueDate: '2026-12-01',
    currency: 'EUR',
    amount: 125000,
    paymentLinkUrl: 'https://pay.example/i/1001',
    poNumber: 'PO-7',
    metadata: {},
  };
}

/** The contract example parsed, with top-level fields replaced. */
export function invoiceInput(overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return invoiceInputSchema.parse({ ...contractExample(), ...overrides });
}

export const createdAt = new Date('2026-11-01T10:00:00.000Z');

/** A stored, open invoice of tenant `acme` (the contract example unless overridden). */
export function openInvoice(overrides: Partial<Invoice> = {}, tenantId = 'acme'): Invoice {
  return { ...newInvoice(tenantId, invoiceInput(), createdAt), ...overrides };
}

/** A policy as the repository stores it: the input parsed (defaults filled in), named and versioned. */
export function storedPolicy(name: string, input: CollectionPolicyInput, version = 1): CollectionPolicy {
  return { ...collectionPolicySchema.parse(input), name, version };
}

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
