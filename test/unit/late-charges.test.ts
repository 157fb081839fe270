import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lateChargesFor, lateChargesSchema } from '../../shared/policies/index.js';
import { renderReminderNotice } from '../../shared/notices/index.js';
import { newInvoice } from '../../shared/invoicing/index.js';

const eu = lateChargesSchema.parse({ currency: 'EUR', annualInterestBasisPoints: 1215, fixedCompensation: [{ amount: 4000 }], note: 'Directive 2011/7/EU' });
const uk = lateChargesSchema.parse({
  currency: 'GBP',
  annualInterestBasisPoints: 1300,
  fixedCompensation: [
    { below: 100_000, amount: 4000 },
    { below: 1_000_000, amount: 7000 },
    { amount: 10_000 },
  ],
});

describe('late-payment charges', () => {
  it('computes EU statutory interest (reference rate + 8 points) on the overdue balance, plus EUR 40', () => {
    // 10,000.00 EUR × 12.15 % × 30/365 = 99.863… → 99.86
    assert.deepEqual(lateChargesFor({ balance: 1_000_000, currency: 'EUR', dueDate: '2026-11-01' }, eu, '2026-12-01'), {
      currency: 'EUR',
      daysOverdue: 30,
      interest: 9986,
      fixedCompensation: 4000,
      total: 13_986,
      note: 'Directive 2011/7/EU',
    });
  });

  it('picks the UK fixed sum by debt size: GBP 40 under 1,000, 70 under 10,000, 100 above', () => {
    const fixed = (balance: number) => lateChargesFor({ balance, currency: 'GBP', dueDate: '2026-01-01' }, uk, '2026-01-02')?.fixedCompensation;
    assert.equal(fixed(99_999), 4000);
    assert.equal(fixed(100_000), 7000);
    assert.equal(fixed(999_999), 7000);
    assert.equal(fixed(1_000_000), 10_000);
  });

  it('stays exact for balances far beyond 2^53 / rate × days', () => {
    const charges = lateChargesFor({ balance: 900_719_925_474_099, currency: 'EUR', dueDate: '2026-01-01' }, eu, '2027-01-01');
    // 900,719,925,474,099 × 1215 × 365 / 3,650,000 = 109,437,470,945,102.9… → rounds half up
    assert.equal(charges?.interest, 109_437_470_945_103);
  });

  it('claims nothing before the due date, on a paid balance, or in another currency', () => {
    assert.equal(lateChargesFor({ balance: 1000, currency: 'EUR', dueDate: '2026-12-01' }, eu, '2026-12-01'), undefined);
    assert.equal(lateChargesFor({ balance: 0, currency: 'EUR', dueDate: '2026-11-01' }, eu, '2026-12-01'), undefined);
    assert.equal(lateChargesFor({ balance: 1000, currency: 'USD', dueDate: '2026-11-01' }, eu, '2026-12-01'), undefined);
    assert.equal(lateChargesFor({ balance: 1000, currency: 'EUR', dueDate: '2026-11-01' }, undefined, '2026-12-01'), undefined);
  });

  it('refuses a tier list where a tier before the last has no upper bound', () => {
    assert.equal(lateChargesSchema.safeParse({ currency: 'GBP', fixedCompensation: [{ amount: 1 }, { below: 5, amount: 2 }] }).success, false);
  });

  it('shows the charges on the notice, apart from the amount due, which stays the balance', () => {
    const invoice = newInvoice(
      't1',
      { invoiceNumber: 'INV-9', customer: { id: 'C', name: 'Acme', email: 'ap@acme.example' }, issueDate: '2026-10-01', dueDate: '2026-11-01', currency: 'EUR', amount: 1_000_000 },
      new Date('2026-10-01T00:00:00Z'),
    );
    const charges = lateChargesFor(invoice, eu, '2026-12-01');
    const email = renderReminderNotice({ invoice, stage: 'overdue', now: new Date('2026-12-01T09:00:00Z'), defaultTimezone: 'UTC', senderName: 'AR', lateCharges: charges });
    assert.match(email.text, /Amount due: €10,000\.00/);
    assert.match(email.text, /not added to the invoice\): interest €99\.86 for 30 days, fixed compensation €40\.00; total €139\.86/);
    assert.match(email.html, /Directive 2011\/7\/EU/);
  });
});
