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
  if (sk.startsWith('PAY#') && pk.endsWith('#UNAPPLIED')) {
    const payment = paymentItemSchema.safeParse(withoutKeys(item));
    return payment.success ? businessEventOfUnapplied({ ...payment.data, tenantId: payment.data.tenantId }, id) : undefined;
  }
  return undefined;
}
