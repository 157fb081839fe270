
/** The one contact a customer gets per (customer-local) day, claimed by the notice that makes it. */
export interface ContactDays {
  /** Claims the day for an invoice's notice; true again for the same invoice (a retry), false when another notice has it. */
  claimContactDay(tenantId: string, customerId: string, date: string, invoiceNumber: string): Promise<boolean>;
  /** Which invoice's notice has the day, if any. */
  contactedOn(tenantId: string, customerId: string, date: string): Promise<{ invoiceNumber: string } | undefined>;
  /** Gives a claimed day back when its email could not be sent; a day another invoice holds is left alone. */
  releaseContactDay(tenantId: string, customerId: string, date: string, invoiceNumber: string): Promise<void>;
}
