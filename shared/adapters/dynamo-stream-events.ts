import { businessEventOfTimeline, businessEventOfUnapplied, type BusinessEvent } from '../business-events.js';
import { eventItemSchema, paymentItemSchema, withoutKeys } from './dynamo-items.js';
import { parseInvoicePartition } from './dynamo-keys.js';

/**
 * The business event a newly written table item stands for, if any: timeline events of an invoice
 * (payments, escalations, write-offs) and unapplied-cash entries. Its id is the item's key, the same
 * on every redelivery of the stream record.
 */
export function businessEventOfItem(item: Record<string, unknown>): BusinessEvent | undefined {
  const { pk, sk } = item;
  if (typeof pk !== 'string' || typeof sk !== 'string') return undefined;
  const id = `${pk}|${sk}`;
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
