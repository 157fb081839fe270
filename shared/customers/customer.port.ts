import type { CreditHold, CustomerProfile, StoredRisk } from './customer.js';
import type { CreditLimitAlert } from './credit-limit.js';

/** Customer profiles (policy, tags, credit hold and limit, risk), and which invoices each customer has. */
export interface CustomerRepository {
  get(tenantId: string, customerId: string): Promise<CustomerProfile | undefined>;
  /** Creates or replaces the profile's editable fields; keeps a credit hold. */
  put(profile: Omit<CustomerProfile, 'creditHold'>): Promise<CustomerProfile>;
  placeCreditHold(tenantId: string, customerId: string, hold: CreditHold): Promise<void>;
  releaseCreditHold(tenantId: string, customerId: string): Promise<void>;
  /**
   * The numbers of the customer's invoices, sorted. An invoice is listed by being stored (an index of
   * the invoice item): one stored a moment ago may be missing, and readers re-read each invoice.
   */
  invoicesOf(tenantId: string, customerId: string): Promise<string[]>;
  /** Stores the customer's latest risk assessment (creating the profile if needed); its tier selects policies. */
  recordRisk(tenantId: string, customerId: string, risk: StoredRisk): Promise<void>;
  /**
   * Marks the customer over its credit limit and stores the alert, together and only if it is not
   * marked already (one alert per crossing); false when it was.
   */
  markCreditLimitExceeded(tenantId: string, customerId: string, state: NonNullable<CustomerProfile['creditLimitExceeded']>, alert: CreditLimitAlert): Promise<boolean>;
  /** Removes the mark, so the next crossing alerts again. */
  clearCreditLimitExceeded(tenantId: string, customerId: string): Promise<void>;
}
