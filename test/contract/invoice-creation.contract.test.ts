import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newInvoice } from '../../shared/invoicing/index.js';
import { invoiceCreatedEvent, type TimelineEvent } from '../../shared/kernel/index.js';
import { createdAt, invoiceInput } from '../unit/fixtures.js';
import { freshTenant, layoutStores, storeNames } from './layout-stores.js';

const stores = layoutStores();
const holdNote = (at: string): TimelineEvent => ({ type: 'customer.credit-hold', at, key: 'customer.credit-hold:at-creation', detail: { customerId: 'C-1', reason: 'on hold' } });

for (const name of storeNames) {
  describe(`InvoiceBatchStore.createAll contract, as the invoice layout needs it (${name})`, () => {
    it('stores a new invoice whose timeline starts with its invoice.created event, and a creation note beside it', async () => {
      const { invoiceBatch, invoices } = stores(name);
      const tenant = freshTenant();
      const plain = newInvoice(tenant, invoiceInput({ invoiceNumber: 'C-1' }), createdAt);
      const held = newInvoice(tenant, invoiceInput({ invoiceNumber: 'C-2' }), createdAt);
      const results = await invoiceBatch.createAll([
        { invoice: plain, events: [invoiceCreatedEvent(plain)] },
        { invoice: held, events: [invoiceCreatedEvent(held), holdNote(held.createdAt)] },
      ]);
      assert.deepEqual(results, [{ created: true }, { created: true }]);
      assert.deepEqual(await invoices.get(tenant, 'C-1'), plain);
      assert.deepEqual(await invoices.timeline(tenant, 'C-1'), [
        { type: 'invoice.created', at: plain.createdAt, key: 'invoice.created', detail: { amount: plain.amount, currency: plain.currency, dueDate: plain.dueDate } },
      ]);
      assert.deepEqual(await invoices.timeline(tenant, 'C-2'), [invoiceCreatedEvent(held), holdNote(held.createdAt)]);
    });

    it('answers a taken number with the stored invoice and writes nothing of the entry', async () => {
      const { invoiceBatch, invoices } = stores(name);
      const tenant = freshTenant();
      const first = newInvoice(tenant, invoiceInput({ invoiceNumber: 'T-1' }), createdAt);
      await invoiceBatch.createAll([{ invoice: first, events: [invoiceCreatedEvent(first)] }]);
      const second = newInvoice(tenant, invoiceInput({ invoiceNumber: 'T-1', amount: 7 }), new Date('2026-11-02T00:00:00.000Z'));
      const results = await invoiceBatch.createAll([
        { invoice: second, events: [invoiceCreatedEvent(second), holdNote(second.createdAt)] },
        { invoice: second, events: [invoiceCreatedEvent(second)] },
      ]);
      assert.deepEqual(results, [{ created: false, stored: first }, { created: false, stored: first }]);
      assert.deepEqual(await invoices.get(tenant, 'T-1'), first);
      assert.deepEqual(await invoices.timeline(tenant, 'T-1'), [invoiceCreatedEvent(first)]);
    });

    it('creates each of many invoices of one batch exactly once when two writers race for the same numbers', async () => {
      const { invoiceBatch } = stores(name);
      const tenant = freshTenant();
      const batch = Array.from({ length: 30 }, (_, i) => newInvoice(tenant, invoiceInput({ invoiceNumber: `R-${i}` }), createdAt)).map((invoice) => ({ invoice, events: [invoiceCreatedEvent(invoice)] }));
      const [a, b] = await Promise.all([invoiceBatch.createAll(batch), invoiceBatch.createAll(batch)]);
      batch.forEach((_, i) => assert.equal(Number(a[i]!.created) + Number(b[i]!.created), 1, `R-${i} created once`));
    });
  });
}
