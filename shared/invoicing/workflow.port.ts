import type { Invoice } from './invoice.js';

/** Control of invoice workflows (Step Functions). */
export interface InvoiceWorkflows {
  /** Starts the invoice's workflow; starting one that already exists is success. */
  start(invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'revision'>): Promise<{ executionName: string }>;
  /** Stops it (the invoice no longer needs collecting); a missing or finished one is success. */
  stop(invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'revision'>, reason: string): Promise<void>;
}
