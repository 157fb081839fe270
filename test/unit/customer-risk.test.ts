import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { businessEventOfItem } from '../../shared/events/index.js';
import type { InvoiceInput } from '../../shared/invoicing/index.js';
import { assessCustomerRisk } from '../../shared/customers/index.js';
import { ingestInvoice } from '../../shared/imports/index.js';
import { saveCustomer } from '../../shared/policy-assignment/index.js';
import { savePolicy } from '../../shared/policies/index.js';
import { recordPayment } from '../../shared/payments/index.js';
import { resolvePolicyName } from '../../shared/policy-assignment/index.js';
import { collectionSetup } from './fakes/collection-deps.js';

const TENANT = 't-risk';
const invoice = (invoiceNumber: string, overrides: Partial<InvoiceInput> = {}): InvoiceInput => ({
  invoiceNumber,
  customer: { id: 'CR-1', name: 'Risky Ltd', email: 'ap@risky.example' },
  issueDate: '2026-09-01',
  dueDate: '2026-09-15',
  currency: 'EUR',
  amount: 100000,
  ...overrides,
});

/** CR-1 paid two invoices 40 days late and owes one 40 days overdue: 25 + 25 + 20 = 70 points, high risk. */
async function riskyHistory() {
  const setup = collectionSetup('2026-12-01T08:00:00.000Z');
  const { deps } = setup;
  await ingestInvoice(deps, TENANT, invoice('R-1', { issueDate: '2026-08-01', dueDate: '2026-08-15' }));
  await ingestInvoice(deps, TENANT, invoice('R-2', { issueDate: '2026-09-01', dueDate: '2026-09-15' }));
  await recordPayment(deps, TENANT, { invoiceNumber: 'R-1', amount: 100000, currency: 'EUR', paidAt: '2026-09-24' });
  await recordPayment(deps, TENANT, { invoiceNumber: 'R-2', amount: 100000, currency: 'EUR', paidAt: '2026-10-25' });
  await ingestInvoice(deps, TENANT, invoice('R-3', { issueDate: '2026-10-01', dueDate: '2026-10-22', amount: 150000 }));
  return setup;
}

describe('customer risk assessment and the credit-limit alert', () => {
  it('stores the score and tier on the profile', async () => {
    const { deps, customers } = await riskyHistory();
    const { risk } = await assessCustomerRisk(deps, TENANT, 'CR-1');
    assert.deepEqual([risk.score, risk.tier], [70, 'high']);
    assert.deepEqual((await customers.get(TENANT, 'CR-1'))?.risk, { score: 70, tier: 'high', assessedAt: '2026-12-01T08:00:00.000Z' });
  });

  it('alerts once when a high-risk customer passes its credit limit, re-arms when back under it, and alerts again on the next crossing', async () => {
    const { deps, customers } = await riskyHistory();
    await saveCustomer(deps, TENANT, 'CR-1', { creditLimit: { currency: 'EUR', amount: 200000 } });
    assert.equal((await assessCustomerRisk(deps, TENANT, 'CR-1')).creditLimit, 'unchanged', '1,500.00 owed, under the 2,000.00 limit');

    // A new invoice takes the balance to 2,500.00: raised by the ingest itself, once.
    await ingestInvoice(deps, TENANT, invoice('R-4', { issueDate: '2026-11-30', dueDate: '2026-12-30' }));
    assert.equal(customers.alerts.length, 1);
    assert.deepEqual(customers.alerts[0]?.detail, { customerId: 'CR-1', currency: 'EUR', openBalance: 250000, creditLimit: 200000, score: 62, tier: 'high' }, '25 + 25 + 60 % overdue × 20');
    assert.equal((await assessCustomerRisk(deps, TENANT, 'CR-1')).creditLimit, 'unchanged');
    await ingestInvoice(deps, TENANT, invoice('R-5', { issueDate: '2026-11-30', dueDate: '2026-12-30', amount: 1000 }));
    assert.equal(customers.alerts.length, 1, 'still over: no second alert');

    // A part payment of the overdue invoice brings it under the limit: the mark is cleared by the payment itself.
    await recordPayment(deps, TENANT, { invoiceNumber: 'R-3', amount: 100000, currency: 'EUR', paidAt: '2026-12-01' });
    assert.equal((await customers.get(TENANT, 'CR-1'))?.creditLimitExceeded, undefined);

    await ingestInvoice(deps, TENANT, invoice('R-6', { issueDate: '2026-11-30', dueDate: '2026-12-30' }));
    assert.equal(customers.alerts.length, 2, 'a new crossing alerts again');
  });

  it('does not alert for a customer over its limit that is not high risk', async () => {
    const { deps, customers } = collectionSetup('2026-12-01T08:00:00.000Z');
    await saveCustomer(deps, TENANT, 'CR-1', { creditLimit: { currency: 'EUR', amount: 1000 } });
    await ingestInvoice(deps, TENANT, invoice('N-1', { issueDate: '2026-11-20', dueDate: '2026-12-20' }));
    assert.equal(customers.alerts.length, 0);
    assert.equal((await customers.get(TENANT, 'CR-1'))?.risk?.tier, 'low');
  });

  it('lets a policy that lists the segment risk-high collect the customers assessed high risk', async () => {
    const { deps } = await riskyHistory();
    const body = { stages: [{ id: 'overdue-1', offsetDays: 1 }] };
    await savePolicy(deps.policies, TENANT, 'firm', { ...body, segments: ['risk-high'] });
    await savePolicy(deps.policies, TENANT, 'gentle', { ...body, segments: ['risk-low'] });
    const r3 = { customer: { id: 'CR-1', name: 'Risky Ltd', email: 'ap@risky.example' } };
    assert.equal(await resolvePolicyName(deps, TENANT, r3), 'default', 'not assessed yet');
    await assessCustomerRisk(deps, TENANT, 'CR-1');
    assert.equal(await resolvePolicyName(deps, TENANT, r3), 'firm');
    assert.equal(await resolvePolicyName(deps, TENANT, { ...r3, policy: 'gentle' }), 'gentle', 'the invoice\'s own policy still wins');
  });

  it('publishes a stored alert as customer.credit_limit_exceeded with the item key as id', () => {
    const item = {
      pk: 'T#acme#CUSTOMER#CR-1',
      sk: 'EVENT#customer.credit-limit-exceeded:2026-12-01T08:00:00.000Z',
      type: 'customer.credit-limit-exceeded',
      at: '2026-12-01T08:00:00.000Z',
      key: 'customer.credit-limit-exceeded:2026-12-01T08:00:00.000Z',
      detail: { customerId: 'CR-1', currency: 'EUR', openBalance: 250000, creditLimit: 200000, score: 66, tier: 'high' },
    };
    assert.deepEqual(businessEventOfItem(item), {
      id: 'T#acme#CUSTOMER#CR-1|EVENT#customer.credit-limit-exceeded:2026-12-01T08:00:00.000Z',
      type: 'customer.credit_limit_exceeded',
      tenantId: 'acme',
      at: '2026-12-01T08:00:00.000Z',
      detail: item.detail,
    });
  });
});
