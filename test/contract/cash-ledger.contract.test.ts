import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { BankTransactionRecord } from '../../shared/cash-application/index.js';
import { forEachStore, uniqueId, uniqueTenant } from './support/stores.js';

/** The payment id a record is stored under is derived from its transaction key (see DynamoCashLedger). */
import { paymentRequestId } from '../../shared/payments/index.js';

function record(tenantId: string, overrides: Partial<BankTransactionRecord> = {}): BankTransactionRecord {
  const transactionKey = overrides.transactionKey ?? uniqueId('camt');
  return {
    tenantId,
    transactionKey,
    paymentId: paymentRequestId(tenantId, { amount: 1, currency: 'EUR', paidAt: '2000-01-01', externalId: transactionKey }),
    jobId: 'job-1',
    outcome: 'suggested',
    invoiceNumbers: [],
    amount: 6000,
    currency: 'EUR',
    suggestions: [{ invoiceNumbers: ['INV-1'], customerId: 'C-1', balance: 6000, why: 'fuzzy-number' }],
    debtorName: 'Typo Traders',
    debtorIban: 'DE02120300000000202051',
    recordedAt: '2026-12-10T08:00:00.000Z',
    ...overrides,
  };
}

forEachStore((_name, makeStores) => {
  it('stores a bank transaction once: recording it again answers the first record', async () => {
    const { cashLedger } = makeStores();
    const tenantId = uniqueTenant();
    const first = record(tenantId);
    assert.deepEqual(await cashLedger.recordTransaction(first), first);
    assert.deepEqual(await cashLedger.recordTransaction({ ...first, outcome: 'unapplied', suggestions: [] }), first);
    assert.deepEqual(await cashLedger.getTransaction(tenantId, first.transactionKey), first);
    assert.equal(await cashLedger.getTransaction(uniqueTenant(), first.transactionKey), undefined, 'another tenant sees nothing');
  });

  it('replaces a record, and finds records by their payments', async () => {
    const { cashLedger } = makeStores();
    const tenantId = uniqueTenant();
    const one = record(tenantId);
    const two = record(tenantId, { outcome: 'by-number', invoiceNumbers: ['INV-2'], suggestions: [] });
    await cashLedger.recordTransaction(one);
    await cashLedger.recordTransaction(two);
    await cashLedger.updateTransaction({ ...one, reversedBy: 'rvsl_x' });
    const found = await cashLedger.transactionsOfPayments(tenantId, [one.paymentId, two.paymentId, 'pay_000000000000000000000000']);
    assert.deepEqual(found.map((item) => [item.paymentId, item.reversedBy]).sort(), [[one.paymentId, 'rvsl_x'], [two.paymentId, undefined]].sort());
  });

  it('remembers which customers a payer (IBAN, name) paid for, per tenant', async () => {
    const { cashLedger } = makeStores();
    const tenantId = uniqueTenant();
    await cashLedger.rememberPayer(tenantId, { iban: 'DE02120300000000202051', name: 'Rheinfeld GmbH' }, 'C-1');
    await cashLedger.rememberPayer(tenantId, { name: 'RHEINFELD GMBH' }, 'C-2');
    assert.deepEqual(await cashLedger.customersOfPayer(tenantId, { iban: 'DE02120300000000202051', name: 'Rheinfeld' }), { byIban: ['C-1'], byName: ['C-1', 'C-2'] });
    assert.deepEqual(await cashLedger.customersOfPayer(uniqueTenant(), { iban: 'DE02120300000000202051' }), { byIban: [], byName: [] });
  });
});
