import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { businessEventOfItem } from '../../shared/events/index.js';
import type { BusinessEvent } from '../../shared/events/index.js';
import { createHandler } from '../../functions/publish-events/handler.js';

const paymentEvent = (balance: number) => ({
  pk: 'T#acme#INV#INV-1001',
  sk: 'EVENT#payment.received:pay_1',
  type: 'payment.received',
  at: '2026-12-08T08:00:00.000Z',
  key: 'payment.received:pay_1',
  detail: { paymentId: 'pay_1', amount: 500, balance, currency: 'EUR', customerId: 'C-1' },
});

describe('businessEventOfItem', () => {
  it('turns a payment that clears the balance into invoice.paid and a smaller one into invoice.partially_paid, with the item key as id', () => {
    assert.deepEqual(businessEventOfItem(paymentEvent(0)), {
      id: 'T#acme#INV#INV-1001|EVENT#payment.received:pay_1',
      type: 'invoice.paid',
      tenantId: 'acme',
      at: '2026-12-08T08:00:00.000Z',
      detail: { invoiceNumber: 'INV-1001', paymentId: 'pay_1', amount: 500, balance: 0, currency: 'EUR', customerId: 'C-1' },
    });
    assert.equal(businessEventOfItem(paymentEvent(100))?.type, 'invoice.partially_paid');
  });

  it('maps escalation.requested and invoice.written-off, and ignores reminders and other items', () => {
    const event = (type: string) => ({ pk: 'T#acme#INV#A-1', sk: `EVENT#${type}:x`, type, at: '2026-12-08T08:00:00.000Z', key: `${type}:x` });
    assert.equal(businessEventOfItem(event('escalation.requested'))?.type, 'invoice.escalated');
    assert.equal(businessEventOfItem(event('invoice.written-off'))?.type, 'invoice.written_off');
    assert.equal(businessEventOfItem(event('dispute.resolved'))?.type, 'dispute.resolved');
    assert.equal(businessEventOfItem(event('reminder.sent')), undefined);
    assert.equal(businessEventOfItem({ pk: 'T#acme#INV#A-1', sk: '#INVOICE' }), undefined);
  });

  it('publishes invoice creation, the agency hand-off, credit hold and status changes (issue 19)', () => {
    const event = (type: string, detail?: Record<string, unknown>) => ({ pk: 'T#acme#INV#A-1', sk: `EVENT#${type}:x`, type, at: '2026-12-08T08:00:00.000Z', key: `${type}:x`, ...(detail ? { detail } : {}) });
    assert.equal(businessEventOfItem(event('invoice.created', { amount: 100, currency: 'EUR', dueDate: '2026-12-31' })), undefined, 'a file import also writes this item; the invoice item is the one');
    const invoiceItem = { pk: 'T#acme#INV#A-1', sk: '#INVOICE', invoiceNumber: 'A-1', customer: { id: 'C-1', name: 'Acme' }, issueDate: '2026-12-01', dueDate: '2026-12-31', currency: 'EUR', amount: 12500, createdAt: '2026-12-08T08:00:00.000Z', status: 'open' };
    assert.deepEqual(businessEventOfItem(invoiceItem), { id: 'T#acme#INV#A-1|#INVOICE', type: 'invoice.created', tenantId: 'acme', at: '2026-12-08T08:00:00.000Z', detail: { invoiceNumber: 'A-1', customerId: 'C-1', issueDate: '2026-12-01', dueDate: '2026-12-31', currency: 'EUR', amount: 12500 } });
    assert.equal(businessEventOfItem(event('invoice.sent-to-agency'))?.type, 'invoice.sent-to-agency');
    assert.equal(businessEventOfItem(event('customer.credit-hold'))?.type, 'customer.credit_hold');
    assert.deepEqual(businessEventOfItem(event('status.changed', { from: 'open', to: 'disputed' }))?.detail, { invoiceNumber: 'A-1', from: 'open', to: 'disputed' });
    assert.equal(businessEventOfItem(event('status.changed'))?.type, 'invoice.status_changed');
  });

  it('turns an unapplied-cash entry into payment.unapplied with its state', () => {
    const entry = {
      pk: 'T#acme#UNAPPLIED',
      sk: 'PAY#2026-12-08T08:00:00.000Z#pay_2',
      tenantId: 'acme',
      paymentId: 'pay_2',
      amount: 900,
      currency: 'EUR',
      paidAt: '2026-12-07',
      allocations: [],
      excessAmount: 900,
      unappliedAmount: 900,
      recordedAt: '2026-12-08T08:00:00.000Z',
    };
    const event = businessEventOfItem(entry);
    assert.equal(event?.type, 'payment.unapplied');
    assert.deepEqual(event?.detail, { paymentId: 'pay_2', amount: 900, currency: 'EUR', paidAt: '2026-12-07', state: 'unapplied' });
  });
});

describe('publish-events handler', () => {
  const record = (sequenceNumber: string, item: Record<string, unknown>) => ({ eventName: 'INSERT', dynamodb: { SequenceNumber: sequenceNumber, NewImage: marshall(item) } });

  it('publishes the business events of a stream batch and reports the first one the bus refused, so the stream retries from there', async () => {
    const published: BusinessEvent[] = [];
    const handler = createHandler({
      publish: async (events) => {
        published.push(...events);
        return { failedIds: events.filter((event) => event.detail['paymentId'] === 'pay_b').map((event) => event.id) };
      },
    });
    const batch = {
      Records: [
        record('100', { ...paymentEvent(0), sk: 'EVENT#payment.received:pay_a', detail: { paymentId: 'pay_a', balance: 0 } }),
        record('101', { pk: 'T#acme#INV#A-1', sk: 'EVENT#reminder.sent:x', type: 'reminder.sent', at: '2026-12-08T08:00:00.000Z', key: 'reminder.sent:x' }),
        record('102', { ...paymentEvent(5), sk: 'EVENT#payment.received:pay_b', detail: { paymentId: 'pay_b', balance: 5 } }),
      ],
    } as unknown as DynamoDBStreamEvent;
    const result = await handler(batch, {} as never);
    assert.deepEqual(published.map((event) => event.type), ['invoice.paid', 'invoice.partially_paid']);
    assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: '102' }] });
  });
});
