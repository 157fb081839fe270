import type { CreditLimitAlert } from '../credit-limit.js';
import type { CreditHold, CustomerProfile, StoredRisk } from '../customer.js';
import type { CustomerRepository } from '../customer.port.js';
import { copyPlain } from '../../kernel/index.js';

/** An in-memory CustomerRepository: put keeps a credit hold; a customer's invoices are a set kept by the in-memory batch store. Copies in and out. */
export class InMemoryCustomerRepository implements CustomerRepository {
  private readonly profiles = new Map<string, CustomerProfile>();
  private readonly invoices = new Map<string, Set<string>>();

  async get(tenantId: string, customerId: string): Promise<CustomerProfile | undefined> {
    const profile = this.profiles.get(key(tenantId, customerId));
    return profile && copyPlain(profile);
  }

  async put(profile: Omit<CustomerProfile, 'creditHold'>): Promise<CustomerProfile> {
    const stored = this.profiles.get(key(profile.tenantId, profile.customerId));
    const kept = { creditHold: stored?.creditHold, risk: stored?.risk, creditLimitExceeded: stored?.creditLimitExceeded };
    const next: CustomerProfile = { ...copyPlain(profile), ...Object.fromEntries(Object.entries(kept).filter(([, value]) => value !== undefined)) };
    this.profiles.set(key(profile.tenantId, profile.customerId), next);
    return copyPlain(next);
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

  /** What the `byCustomer` index does on DynamoDB: the in-memory batch store lists each invoice it creates (not part of the port). */
  async addInvoice(tenantId: string, customerId: string, invoiceNumber: string): Promise<void> {
    this.invoices.set(key(tenantId, customerId), (this.invoices.get(key(tenantId, customerId)) ?? new Set()).add(invoiceNumber));
  }

  async invoicesOf(tenantId: string, customerId: string): Promise<string[]> {
    return [...(this.invoices.get(key(tenantId, customerId)) ?? [])].sort();
  }

  /** Credit-limit alerts stored with their mark, in order (the stream would publish these). */
  readonly alerts: CreditLimitAlert[] = [];

  async recordRisk(tenantId: string, customerId: string, risk: StoredRisk): Promise<void> {
    const stored = this.profiles.get(key(tenantId, customerId)) ?? { tenantId, customerId, tags: [], updatedAt: risk.assessedAt };
    this.profiles.set(key(tenantId, customerId), { ...stored, risk: { ...risk } });
  }

  async markCreditLimitExceeded(tenantId: string, customerId: string, state: NonNullable<CustomerProfile['creditLimitExceeded']>, alert: CreditLimitAlert): Promise<boolean> {
    const stored = this.profiles.get(key(tenantId, customerId));
    if (!stored || stored.creditLimitExceeded) return false;
    this.profiles.set(key(tenantId, customerId), { ...stored, creditLimitExceeded: { ...state } });
    this.alerts.push(copyPlain(alert));
    return true;
  }

  async clearCreditLimitExceeded(tenantId: string, customerId: string): Promise<void> {
    const stored = this.profiles.get(key(tenantId, customerId));
    if (stored) {
      const { creditLimitExceeded: _cleared, ...rest } = stored;
      this.profiles.set(key(tenantId, customerId), rest);
    }
  }
}

function key(tenantId: string, customerId: string): string {
  return `${tenantId}\u0000${customerId}`;
}
