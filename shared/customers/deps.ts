import type { CustomerRepository } from './customer.port.js';
import type { ContactDays } from './contact-days.port.js';
import type { InvoicingDeps } from '../invoicing/index.js';

/** What the customers module's use cases are given: its own ports and those of the modules it builds on. */
export interface CustomersDeps extends InvoicingDeps {
  customers: CustomerRepository;
  /** The one contact per customer and day that a policy's `onePerCustomerPerDay` asks for. */
  contactDays: ContactDays;
}
