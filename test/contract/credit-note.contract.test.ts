import assert from 'node:assert/strict';
import { it } from 'node:test';
import { allocateCredit, creditNoteContentHash, issueCreditNote, type CreditNote, type CreditNoteRequest } from '../../shared/credit-notes/index.js';
import type { Invoice } from '../../shared/invoicing/index.js';
import { receivePayment } from '../../shared/payments/index.js';
import { LARGE_TEXT, MORE_THAN_A_PAGE, pay, storedInvoice } from './support/fixtures.js';
import { count, forEachStore, uniqueId, uniqueTenant, type Stores } from './support/stores.js';

const NOW = new Date('2026-12-05T10:00:00.000Z');
const SOURCE = { via: 'api', apiKey: 'erp' } as const;
const idle = { start: async () => ({ executionName: 'none' }), stop: async () => undefined };

/** A credit note of `amount` for the invoice's customer, applied as the use case would (allocations named or none). */
function noteFor(invoice: Invoice, number: string, amount: number, allocate: Invoice[] = [], recordedAt = NOW): { note: CreditNote; changes: ReturnType<typeof allocateCredit>['changes'] } {
  const request: CreditNoteRequest = { creditNoteNumber: number, customer: { id: invoice.customer.id }, currency: invoice.currency, amount, issueDate: '2026-12-05', ...(allocate.length ? { allocations: allocate.map((target) => ({ invoiceNumber: target.invoiceNumber })) } : {}) };
  const base = { tenantId: invoice.tenantId, creditNoteNumber: number, customerId: invoice.customer.id, currency: invoice.currency, amount, issueDate: '2026-12-05', source: SOURCE };
  const { changes, allocations, remaining } = allocateCredit(base, amount, allocate.map((target, index) => ({ invoice: target, path: `allocations.${index}` })), recordedAt);
  return { note: { ...base, allocations, unappliedAmount: remaining, contentHash: creditNoteContentHash(request), recordedAt: recordedAt.toISOString() }, changes };
}

const clockAt = (at: Date) => ({ now: () => at });

forEachStore((_name, makeStores) => {
  it('applies a credit note with its invoice change and events, and answers duplicate for the same number again', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const { note, changes } = noteFor(invoice, uniqueId('CN'), invoice.balance, [invoice]);
    assert.equal(await stores.creditNotes.apply(note, changes), 'applied');
    assert.equal(await stores.creditNotes.apply(note, changes), 'duplicate');
    assert.deepEqual(await stores.creditNotes.get(invoice.tenantId, note.creditNoteNumber), note);
    const stored = await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber);
    assert.equal(stored?.status, 'credited');
    assert.equal(stored?.balance, 0);
    const timeline = await stores.invoices.timeline(invoice.tenantId, invoice.invoiceNumber);
    assert.deepEqual(timeline.filter((entry) => entry.type === 'credit-note.applied').map((entry) => entry.detail?.['amount']), [invoice.balance]);
    assert.deepEqual(timeline.find((entry) => entry.type === 'credit-note.applied')?.detail?.['source'], SOURCE);
    assert.deepEqual(await stores.creditNotes.unapplied(invoice.tenantId), [], 'nothing is left as credit');
  });

  it('answers stale and stores nothing when an invoice no longer has the balance it was read with', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    await pay(stores, invoice, uniqueId('pay'), 100);
    const { note, changes } = noteFor(invoice, uniqueId('CN'), 500, [invoice]);
    assert.equal(await stores.creditNotes.apply(note, changes), 'stale');
    assert.equal(await stores.creditNotes.get(invoice.tenantId, note.creditNoteNumber), undefined);
    assert.equal((await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))?.balance, invoice.balance - 100);
  });

  it('keeps the remainder as customer credit and allocates it further only from the unapplied amount that was read', async () => {
    const stores = makeStores();
    const tenantId = uniqueTenant();
    const invoice = await storedInvoice(stores, tenantId);
    const { note } = noteFor(invoice, uniqueId('CN'), 700);
    assert.equal(await stores.creditNotes.apply(note, []), 'applied');
    assert.deepEqual((await stores.creditNotes.unapplied(tenantId)).map((credit) => [credit.creditNoteNumber, credit.unappliedAmount]), [[note.creditNoteNumber, 700]]);

    const { changes, allocations, remaining } = allocateCredit(note, 700, [{ invoice, path: 'allocations.0', limit: 700 }], NOW, { eventKeySuffix: 'a0', requestId: 'r1' });
    const after: CreditNote = { ...note, allocations, unappliedAmount: remaining };
    assert.equal(await stores.creditNotes.apply(after, changes, { ...note, unappliedAmount: 600 }), 'stale', 'read with another unapplied amount');
    assert.equal(await stores.creditNotes.apply(after, changes, note), 'applied');
    assert.equal(await stores.creditNotes.apply(after, changes, note), 'stale', 'the same allocation is never applied twice');
    assert.deepEqual(await stores.creditNotes.unapplied(tenantId), [], 'nothing left unapplied');
    assert.equal((await stores.invoices.get(tenantId, invoice.invoiceNumber))?.balance, invoice.balance - 700);
  });

  it('lists customer credit oldest first, over more than one query page', async () => {
    const stores = makeStores();
    const tenantId = uniqueTenant();
    const invoice = await storedInvoice(stores, tenantId);
    const numbers: string[] = [];
    for (let index = MORE_THAN_A_PAGE - 1; index >= 0; index -= 1) {
      const { note } = noteFor(invoice, `CN-${index}`, 10, [], new Date(`2026-12-${String(index + 1).padStart(2, '0')}T10:00:00.000Z`));
      assert.equal(await stores.creditNotes.apply({ ...note, reason: LARGE_TEXT }, []), 'applied');
      numbers.unshift(note.creditNoteNumber);
    }
    assert.deepEqual((await stores.creditNotes.unapplied(tenantId)).map((note) => note.creditNoteNumber), numbers);
  });

  it('applies exactly one of ten concurrent credit notes read against the same balance; the others are stale', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => {
        const { note, changes } = noteFor(invoice, uniqueId('CN'), 100, [invoice]);
        return stores.creditNotes.apply(note, changes);
      }),
    );
    assert.equal(count(outcomes, 'applied'), 1);
    assert.equal(count(outcomes, 'stale'), 9);
    assert.equal((await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))?.balance, invoice.balance - 100);
  });

  it('a credit note racing a payment of the same invoice: both land, each on the balance the other left, never below zero', async () => {
    const stores = makeStores();
    const tenantId = uniqueTenant();
    const invoice = await storedInvoice(stores, tenantId);
    const deps = { ...stores, workflows: idle, clock: clockAt(NOW) };
    const creditNoteNumber = uniqueId('CN');
    const [credit, payment] = await Promise.all([
      issueCreditNote(deps, tenantId, { creditNoteNumber, customer: { id: invoice.customer.id }, currency: invoice.currency, amount: 100_000, issueDate: '2026-12-05', allocations: [{ invoiceNumber: invoice.invoiceNumber }] }, SOURCE),
      receivePayment(deps, tenantId, { invoiceNumber: invoice.invoiceNumber, amount: 50_000, currency: invoice.currency, paidAt: '2026-12-05' }),
    ]);
    assert.equal(credit.outcome, 'created');
    assert.equal(payment.outcome, 'applied');
    const stored = await stores.invoices.get(tenantId, invoice.invoiceNumber);
    const credited = credit.creditNote.allocations.reduce((sum, allocation) => sum + allocation.amount, 0);
    const paid = payment.payment.amount - payment.payment.unappliedAmount;
    assert.equal(credited + paid, invoice.amount, 'credit and payment together settle the invoice exactly');
    assert.equal(stored?.balance, 0);
    assert.equal(credit.creditNote.unappliedAmount, 100_000 - credited, 'what the invoice did not take is customer credit');
    const timeline = await stores.invoices.timeline(tenantId, invoice.invoiceNumber);
    assert.equal(timeline.filter((entry) => entry.type === 'credit-note.applied').length, credited > 0 ? 1 : 0);
  });

  it('the reminder claim refuses an invoice once a credit note committed, with the balance read before or after', async () => {
    const stores = makeStores();
    const invoice = await storedInvoice(stores, uniqueTenant());
    // A partial credit: the balance read before it no longer claims; the new balance does.
    const partial = noteFor(invoice, uniqueId('CN'), 1_000, [invoice]);
    assert.equal(await stores.creditNotes.apply(partial.note, partial.changes), 'applied');
    assert.deepEqual(await stores.noticeLedger.claimNotice(invoice, 'overdue-1', NOW), { claimed: false, reason: 'invoice-changed' });
    const lowered = (await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))!;
    assert.deepEqual(await stores.noticeLedger.claimNotice(lowered, 'overdue-1', NOW), { claimed: true });
    // Credited in full: no claim with any balance.
    const full = noteFor(lowered, uniqueId('CN'), lowered.balance, [lowered]);
    assert.equal(await stores.creditNotes.apply(full.note, full.changes), 'applied');
    const credited = (await stores.invoices.get(invoice.tenantId, invoice.invoiceNumber))!;
    assert.equal(credited.status, 'credited');
    assert.deepEqual(await stores.noticeLedger.claimNotice(lowered, 'overdue-7', NOW), { claimed: false, reason: 'invoice-changed' });
    assert.deepEqual(await stores.noticeLedger.claimNotice(credited, 'overdue-7', NOW), { claimed: false, reason: 'invoice-changed' });
  });

  it('a reminder claim racing a full credit: the claim lands before the credit or is refused, never after it', async () => {
    const stores: Stores = makeStores();
    for (let round = 0; round < 5; round += 1) {
      const invoice = await storedInvoice(stores, uniqueTenant());
      const { note, changes } = noteFor(invoice, uniqueId('CN'), invoice.balance, [invoice]);
      const [claim, applied] = await Promise.all([stores.noticeLedger.claimNotice(invoice, 'overdue-1', NOW), stores.creditNotes.apply(note, changes)]);
      assert.equal(applied, 'applied', 'a claim changes no invoice: the credit always lands');
      assert.ok(claim.claimed || claim.reason === 'invoice-changed');
      // After the credit committed, nothing claims any more.
      assert.deepEqual(await stores.noticeLedger.claimNotice(invoice, 'overdue-2', NOW), { claimed: false, reason: 'invoice-changed' });
    }
  });

  it('reads no credit note that was never stored', async () => {
    const stores = makeStores();
    assert.equal(await stores.creditNotes.get(uniqueTenant(), 'nope'), undefined);
  });
});
