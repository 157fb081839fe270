import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { withoutKeys } from '../shared/kernel/index.js';
import { invoiceItemSchema } from '../shared/invoicing/index.js';
import { keys } from '../shared/kernel/index.js';
import { reportRowItem } from '../shared/reports/index.js';
import type { Invoice } from '../shared/invoicing/index.js';
import { reportInvoiceOf, type ReportEvent } from '../shared/reports/index.js';
import { dateOfDay, dayNumber } from '../shared/reports/index.js';
import { streamPosition } from '../shared/reports/index.js';
import { batchPut } from './raw-batch-write.js';
import { oldTenantInvoiceKeys } from './old-report-source.js';

/** Customers per tenant in the seeded data: a mid-sized book (the risk report reads each one's credit limit). */
export const SEED_CUSTOMERS = 500;

/**
 * A deterministic invoice `i` of a tenant and its timeline: issued through 2026, due 30 days later,
 * about 60% paid in full (some late), 15% partly, 5% disputed, the rest open.
 */
export function syntheticInvoice(tenantId: string, i: number): { item: Record<string, unknown>; events: (ReportEvent & { key: string })[] } {
  const invoiceNumber = `BR-${String(i).padStart(7, '0')}`;
  const customerId = `C-${i % SEED_CUSTOMERS}`;
  const issueDate = dateOfDay(dayNumber('2026-01-01') + (i % 330));
  const dueDate = dateOfDay(dayNumber(issueDate) + 30);
  const amount = 10_000 + (i % 5_000) * 7;
  const kind = i % 20;
  const paidOn = dateOfDay(dayNumber(dueDate) + ((i * 7) % 45) - 10);
  const events: (ReportEvent & { key: string })[] = [{ type: 'invoice.created', at: `${issueDate}T08:00:00.000Z`, key: 'invoice.created' }];
  if (kind < 12) events.push({ type: 'payment.received', at: `${paidOn}T10:00:00.000Z`, key: 'payment.1', detail: { amount, paidAt: `${paidOn}T10:00:00.000Z` } });
  else if (kind < 15) events.push({ type: 'payment.received', at: `${paidOn}T10:00:00.000Z`, key: 'payment.1', detail: { amount: Math.floor(amount / 2), paidAt: `${paidOn}T10:00:00.000Z` } });
  else if (kind === 15) events.push({ type: 'dispute.opened', at: `${dueDate}T09:00:00.000Z`, key: 'dispute.1', detail: { reason: 'damaged' } });
  const paid = kind < 12 ? amount : kind < 15 ? Math.floor(amount / 2) : 0;
  const item = {
    ...keys.invoice(tenantId, invoiceNumber),
    tenantId,
    invoiceNumber,
    customer: { id: customerId, name: `Customer ${customerId}`, email: `ap+${customerId.toLowerCase()}@example.invalid` },
    issueDate,
    dueDate,
    currency: i % 10 === 9 ? 'USD' : 'EUR',
    amount,
    balance: amount - paid,
    status: paid >= amount ? 'paid' : 'open',
    revision: 1,
    contentHash: 'x'.repeat(64),
    createdAt: `${issueDate}T08:00:00.000Z`,
    updatedAt: `${issueDate}T08:00:00.000Z`,
    metadata: {},
  };
  return { item, events };
}

/**
 * Report rows for invoices `from`…`to - 1`, built by the projector's own logic (reportInvoiceOf over
 * the invoice and its timeline) and written with BatchWriteItem in the projector's item format: what
 * the stream would leave behind, without waiting for it.
 */
export async function seedRows(db: DynamoDBDocumentClient, tableName: string, tenantId: string, from: number, to: number): Promise<void> {
  const CHUNK = 10_000;
  for (let start = from; start < to; start += CHUNK) {
    const items = [];
    for (let i = start; i < Math.min(to, start + CHUNK); i++) {
      const { item, events } = syntheticInvoice(tenantId, i);
      const row = reportInvoiceOf(invoiceItemSchema.parse(withoutKeys(item)) as Invoice, events);
      items.push(reportRowItem(tenantId, { row, position: streamPosition('1') }));
    }
    await batchPut(db, tableName, items);
  }
}

/** The same invoices in the layout the old report source read: invoice items, their events and the tenant's invoice list. */
export async function seedOldLayout(db: DynamoDBDocumentClient, tableName: string, tenantId: string, count: number): Promise<void> {
  const items = [];
  for (let i = 0; i < count; i++) {
    const { item, events } = syntheticInvoice(tenantId, i);
    const invoiceNumber = String(item['invoiceNumber']);
    items.push(item, oldTenantInvoiceKeys.item(tenantId, invoiceNumber), ...events.map((event) => ({ ...keys.event(tenantId, invoiceNumber, event.key), ...event })));
  }
  await batchPut(db, tableName, items);
}
