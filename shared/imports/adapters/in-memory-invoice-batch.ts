import type { CustomerProfile } from '../../customers/index.js';
import type { Invoice } from '../../invoicing/index.js';
import type { Payment } from '../../payments/index.js';
import type { InvoiceBatchStore } from '../invoice-batch.port.js';
import type { PolicyRepository } from '../../policies/index.js';
import type { InMemoryCustomerRepository } from '../../customers/index.js';
import type { InMemoryInvoiceRepository } from '../../invoicing/index.js';
import type { PaymentRepository } from '../../payments/index.js';

/**
 * The batch store over the in-memory repositories, one call per invoice: process memory has no round
 * trips to save. Same outcomes as the DynamoDB batch store (an invoice stored with its events only if
 * its number is unused, listed under its customer and policy when created).
 */
export function inMemoryInvoiceBatch(repositories: { invoices: InMemoryInvoiceRepository; payments: Pick<PaymentRepository, 'getPayment'>; customers: InMemoryCustomerRepository; policies: PolicyRepository }): InvoiceBatchStore {
  const { invoices, payments, customers, policies } = repositories;
  return {
    async getMany(tenantId, invoiceNumbers) {
      const found = await Promise.all([...new Set(invoiceNumbers)].map((number) => invoices.get(tenantId, number)));
      return new Map(found.filter((invoice): invoice is Invoice => invoice !== undefined).map((invoice) => [invoice.invoiceNumber, invoice]));
    },
    async customerProfiles(tenantId, customerIds) {
      const found = await Promise.all([...new Set(customerIds)].map((id) => customers.get(tenantId, id)));
      return new Map(found.filter((profile): profile is CustomerProfile => profile !== undefined).map((profile) => [profile.customerId, profile]));
    },
    async getPayments(tenantId, paymentIds) {
      const found = await Promise.all([...new Set(paymentIds)].map((id) => payments.getPayment(tenantId, id)));
      return new Map(found.filter((payment): payment is Payment => payment !== undefined).map((payment) => [payment.paymentId, payment]));
    },
    async createAll(entries) {
      const results = [];
      for (const { invoice, events, policyName } of entries) {
        const result = await invoices.createIfAbsent(invoice, events);
        // Listed with the invoice, as the invoice item's index keys are on DynamoDB.
        if (result.created) {
          await customers.addInvoice(invoice.tenantId, invoice.customer.id, invoice.invoiceNumber);
          if (policyName !== undefined) await policies.addInvoice(invoice.tenantId, policyName, invoice.invoiceNumber);
        }
        results.push(result);
      }
      return results.map(({ created, invoice }) => (created ? { created: true as const } : { created: false as const, stored: invoice }));
    },
  };
}
