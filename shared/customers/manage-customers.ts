import { mapWithConcurrency } from '../kernel/index.js';
import type { CustomerProfile } from './customer.js';
import { NotFoundError } from '../kernel/index.js';
import type { TimelineEvent } from '../kernel/index.js';
import type { CustomersDeps } from './deps.js';

export async function getCustomer(deps: Pick<CustomersDeps, 'customers'>, tenantId: string, customerId: string): Promise<CustomerProfile> {
  const customer = await deps.customers.get(tenantId, customerId);
  if (!customer) throw new NotFoundError(`Customer ${customerId} has no profile`);
  return customer;
}

/** Every event of every invoice of the customer, oldest first, each naming its invoice. */
export async function customerTimeline(deps: Pick<CustomersDeps, 'customers' | 'invoices'>, tenantId: string, customerId: string): Promise<(TimelineEvent & { invoiceNumber: string })[]> {
  const numbers = await deps.customers.invoicesOf(tenantId, customerId);
  if (numbers.length === 0 && !(await deps.customers.get(tenantId, customerId))) throw new NotFoundError(`Customer ${customerId} is unknown`);
  const perInvoice = await mapWithConcurrency(numbers, 8, async (invoiceNumber) =>
    (await deps.invoices.timeline(tenantId, invoiceNumber)).map((event) => ({ ...event, invoiceNumber })),
  );
  return perInvoice.flat().sort((a, b) => (a.at === b.at ? a.invoiceNumber.localeCompare(b.invoiceNumber) : a.at < b.at ? -1 : 1));
}
