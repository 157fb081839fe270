import * as z from 'zod';
import { businessEventOfCreditLimitAlert, businessEventOfTimeline, businessEventOfUnapplied, type BusinessEvent } from '../business-events.js';
import { eventItemSchema, withoutKeys } from '../../kernel/index.js';
import { paymentItemSchema } from '../../payments/index.js';
import { parseCustomerPartition, parseInvoicePartition } from '../../kernel/index.js';

/** A customer's credit-limit alert as stored (shared/customers/credit-limit.ts). */
const creditLimitAlertItemSchema = z.object({
  type: z.literal('customer.credit-limit-exceeded'),
  at: z.string(),
  detail: z.object({ customerId: z.string(), currency: z.string(), openBalance: z.number(), creditLimit: z.number(), score: z.number(), tier: z.enum(['low', 'medium', 'high']) }),
});

/** The part of a new invoice item that `invoice.created` carries. */
const newInvoiceItemSchema = z.object({
  invoiceNumber: z.string(),
  customer: z.object({ id: z.string() }),
  issueDate: z.string(),
  dueDate: z.string(),
  currency: z.string(),
  amount: z.number(),
  createdAt: z.string(),
});

/**
 * The business event a newly written table item stands for, if any: timeline events of an invoice
 * (payments, escalations, write-offs), unapplied-cash entries and customers' credit-limit alerts. Its id is the item's key, the same
 * on every redelivery of the stream record.
 */
export function businessEventOfItem(item: Record<string, unknown>): BusinessEvent | undefined {
  const { pk, sk } = item;
  if (typeof pk !== 'string' || typeof sk !== 'string') return undefined;
  const id = `${pk}|${sk}`;
  if (sk.startsWith('EVENT#') && parseCustomerPartition(pk)) {
    const alert = creditLimitAlertItemSchema.safeParse(withoutKeys(item));
    return alert.success ? businessEventOfCreditLimitAlert(parseCustomerPartition(pk)!.tenantId, alert.data, id) : undefined;
  }
  if (sk.startsWith('EVENT#')) {
    const invoice = parseInvoicePartition(pk);
    const event = eventItemSchema.safeParse(withoutKeys(item));
    return invoice && event.success ? businessEventOfTimeline(invoice.tenantId, invoice.invoiceNumber, event.data, id) : undefined;
  }
  if (sk === '#INVOICE') {
    // The insert of the invoice's item is its creation, whether from the API or a file (a file's import
    // also writes an invoice.created timeline item; the timeline map leaves that one out).
    const invoice = parseInvoicePartition(pk);
    const created = newInvoiceItemSchema.safeParse(item);
    if (!invoice || !created.success) return undefined;
    const { invoiceNumber, customer, issueDate, dueDate, currency, amount, createdAt } = created.data;
    return { id, type: 'invoice.created', tenantId: invoice.tenantId, at: createdAt, detail: { invoiceNumber, customerId: customer.id, issueDate, dueDate, currency, amount } };
  }
  if (sk.startsWith('PAY#') && pk.endsWith('#UNAPPLIED')) {
    const payment = paymentItemSchema.safeParse(withoutKeys(item));
    return payment.success ? businessEventOfUnapplied({ ...payment.data, tenantId: payment.data.tenantId }, id) : undefined;
  }
  return undefined;
}
