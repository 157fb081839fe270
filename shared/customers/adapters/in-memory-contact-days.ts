import type { ContactDays } from '../contact-days.port.js';

/** In-memory ContactDays with the DynamoDB adapter's conditions: one holder per (customer, day); a retry by the holder keeps it; only the holder releases. */
export class InMemoryContactDays implements ContactDays {
  private readonly holders = new Map<string, string>();

  async claimContactDay(tenantId: string, customerId: string, date: string, invoiceNumber: string): Promise<boolean> {
    const holder = this.holders.get(day(tenantId, customerId, date));
    if (holder !== undefined && holder !== invoiceNumber) return false;
    this.holders.set(day(tenantId, customerId, date), invoiceNumber);
    return true;
  }

  async contactedOn(tenantId: string, customerId: string, date: string): Promise<{ invoiceNumber: string } | undefined> {
    const holder = this.holders.get(day(tenantId, customerId, date));
    return holder === undefined ? undefined : { invoiceNumber: holder };
  }

  async releaseContactDay(tenantId: string, customerId: string, date: string, invoiceNumber: string): Promise<void> {
    if (this.holders.get(day(tenantId, customerId, date)) === invoiceNumber) this.holders.delete(day(tenantId, customerId, date));
  }
}

function day(tenantId: string, customerId: string, date: string): string {
  return `${tenantId}\u0000${customerId}\u0000${date}`;
}
