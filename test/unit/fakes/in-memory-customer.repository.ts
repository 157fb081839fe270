import type { CreditHold, CustomerProfile } from '../../../shared/customer.js';
import type { CustomerRepository } from '../../../shared/ports.js';

/** An in-memory CustomerRepository: put keeps a credit hold; membership is a set per customer. Copies in and out. */
export class InMemoryCustomerRepository implements CustomerRepository {
  private readonly profiles = new Map<string, CustomerProfile>();
  private readonly invoices = new Map<string, Set<string>>();

  async get(tenantId: string, customerId: string): Promise<CustomerProfile | undefined> {
    const profile = this.profiles.get(key(tenantId, customerId));
    return profile && structuredClone(profile);
  }

  async put(profile: Omit<CustomerProfile, 'creditHold'>): Promise<CustomerProfile> {
    const stored = this.profiles.get(key(profile.tenantId, profile.customerId));
    const next: CustomerProfile = { ...structuredClone(profile), ...(stored?.creditHold ? { creditHold: stored.creditHold } : {}) };
    this.profiles.set(key(profile.tenantId, profile.customerId), next);
    return structuredClone(next);
  }

  async placeCreditHold(tenantId: string, customerId: string, hold: CreditHold): Promise<void> {
    const stored = this.profiles.get(key(tenantId, customerId)) ?? { tenantId, customerId, tags: [], updatedAt: hold.since };
    this.profiles.set(key(tenantId, customerId), { ...stored, creditHold: { ...hold }, updatedAt: hold.since });
  }

  async releaseCreditHold(tenantId: string, customerId: string): Promise<void> {
    const stored = this.profiles.get(key(tenantId, customerId));
    if (stored) {
      const { creditHold: _released, ...rest } = stored;
      this.profiles.set(key(tenantId, customerId), rest);
    }
  }

  async addInvoice(tenantId: string, customerId: string, invoiceNumber: string): Promise<void> {
    this.invoices.set(key(tenantId, customerId), (this.invoices.get(key(tenantId, customerId)) ?? new Set()).add(invoiceNumber));
  }

  async invoicesOf(tenantId: string, customerId: string): Promise<string[]> {
    return [...(this.invoices.get(key(tenantId, customerId)) ?? [])].sort();
  }
}

function key(tenantId: string, customerId: string): string {
  return `${tenantId}\u0000${customerId}`;
}
