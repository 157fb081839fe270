import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { linkItemSchema } from '../../shared/escalation/adapters/escalation-items.js';
import { invoiceItemSchema } from '../../shared/invoicing/adapters/invoice-items.js';
import type { DecisionLink } from '../../shared/escalation/index.js';
import { invoiceInput, openInvoice, approvedEscalation } from './fixtures.js';

// The DynamoDB adapter parses every item it reads with these schemas: a field they do not know is
// silently dropped on the way out of the table.
describe('DynamoDB item schemas', () => {
  it('reads back an invoice with its policy, extension, pause and escalation unchanged', () => {
    const invoice = openInvoice({
      policy: 'strict',
      extendedDueDate: '2026-12-15',
      pausedUntil: '2027-01-10T08:00:00.000Z',
      escalation: approvedEscalation,
    });
    assert.deepEqual(invoiceItemSchema.parse(invoice), invoice);
  });

  it("reads back the customer's account owner, who approves escalations", () => {
    const invoice = openInvoice({ customer: { ...invoiceInput().customer, accountOwner: 'owner@acme.example' } });
    assert.equal(invoiceItemSchema.parse(invoice).customer.accountOwner, 'owner@acme.example');
  });

  it('reads back a used decision link unchanged', () => {
    const link: DecisionLink = {
      linkId: 'abc',
      tenantId: 'acme',
      invoiceNumber: 'INV-1001',
      escalationId: 'esc-1',
      decision: 'write-off',
      approver: 'finance@acme.example',
      expiresAt: Date.parse('2026-12-18T07:00:00.000Z'),
      usedAt: '2026-12-12T10:00:00.000Z',
    };
    assert.deepEqual(linkItemSchema.parse(link), link);
  });
});
