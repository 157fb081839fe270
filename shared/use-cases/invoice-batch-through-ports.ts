import type { CustomerProfile } from '../customer.js';
import type { Invoice } from '../invoice.js';
import type { Payment } from '../payment.js';
import type { InvoiceBatchStore } from '../ports.js';
import type { CollectionDeps } from './deps.js';

/**
 * The batch store spelled with the single-item repositories, one call per invoice: what a caller without
 * a batch adapter (the unit tests' in-memory repositories) gets. Same outcomes, more round trips.
 */
export function invoiceBatchThroughPorts(deps: Pick<CollectionDeps, 'invoices' | 'customers' | 'policies'>): InvoiceBatchStore {
  return {
    async getMany(tenantId, invoiceNumbers) {
      const found = await Promise.all([...new Set(invoiceNumbers)].map((number) => deps.invoices.get(tenantId, number)));
      return new Map(found.filter((invoice): invoice is Invoice => invoice !== undefined).map((invoice) => [invoice.invoiceNumber, invoice]));
    },
    async customerProfiles(tenantId, customerIds) {
      const found = await Promise.all([...new Set(customerIds)].map((id) => deps.customers.get(tenantId, id)));
      return new Map(found.filter((profile): profile is CustomerProfile => profile !== undefined).map((profile) => [profile.customerId, profile]));
    },
    async putIndexEntries(entries) {
      // The tenant's invoice list is createIfAbsent's to write.
      for (const { tenantId, invoiceNumber, customerId, policyName } of entries) {
        if (customerId !== undefined) await deps.customers.addInvoice(tenantId, customerId, invoiceNumber);
        if (policyName !== undefined) await deps.policies.addInvoice(tenantId, policyName, invoiceNumber);
      }
    },
    async getPayments(tenantId, paymentIds) {
      const found = await Promise.all([...new Set(paymentIds)].map((id) => deps.invoices.getPayment(tenantId, id)));
      return new Map(found.filter((payment): payment is Payment => payment !== undefined).map((payment) => [payment.paymentId, payment]));
    },
    async createAll(entries) {
      const results = [];
      for (const { invoice, events } of entries) {
        const [first, ...rest] = events;
        const { created, invoice: stored } = await deps.invoices.createIfAbsent(invoice, first!);
        if (created) for (const event of rest) await deps.invoices.appendEvent(invoice.tenantId, invoice.invoiceNumber, event);
        results.push(created ? { created: true as const } : { created: false as const, stored });
      }
      return results;
    },
  };
}
