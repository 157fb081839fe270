import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InvoiceInput } from '../../shared/invoicing/index.js';
import { ingestInvoice } from '../../shared/imports/index.js';
import { savePolicy } from '../../shared/policies/index.js';
import { planNextStep } from '../../shared/reminders/index.js';
import { recordPayment } from '../../shared/payments/index.js';
import { restartWorkflow } from '../../shared/policy-assignment/index.js';
import { collectionSetup } from './fakes/collection-deps.js';

const TENANT = 't-tiers';
const invoice = (invoiceNumber: string, issueDate: string, dueDate: string): InvoiceInput => ({
  invoiceNumber,
  customer: { id: 'CT-1', name: 'Turning Ltd', email: 'ap@turning.example' },
  issueDate,
  dueDate,
  currency: 'EUR',
  amount: 100000,
});

/** A tenant that collects high-risk customers with `firm` and low-risk ones with `gentle`; no weekly run ever runs here. */
async function tieredTenant(now: string) {
  const setup = collectionSetup(now);
  const body = { stages: [{ id: 'overdue-1', offsetDays: 1 }] };
  await savePolicy(setup.deps.policies, TENANT, 'firm', { ...body, segments: ['risk-high'] });
  await savePolicy(setup.deps.policies, TENANT, 'gentle', { ...body, segments: ['risk-low'] });
  return setup;
}

describe('risk tiers are current when a workflow revision picks its policy', () => {
  it('gives a customer whose history turned bad the high-risk policy at its next invoice, without waiting for the weekly run', async () => {
    const { deps, customers, policies, invoices, clock } = await tieredTenant('2026-08-01T08:00:00.000Z');
    await ingestInvoice(deps, TENANT, invoice('T-1', '2026-08-01', '2026-08-15'));
    assert.equal((await customers.get(TENANT, 'CT-1'))?.risk?.tier, 'low', 'no history yet: low risk');
    assert.deepEqual(await policies.invoicesUnder(TENANT, 'gentle'), ['T-1']);

    // Paid 40 days late: 100 % paid late (25 points) and 40 days late on average (25 points) = 50, high.
    clock.set('2026-09-24T08:00:00.000Z');
    await recordPayment(deps, TENANT, { invoiceNumber: 'T-1', amount: 100000, currency: 'EUR', paidAt: '2026-09-24' });
    assert.equal((await customers.get(TENANT, 'CT-1'))?.risk?.tier, 'low', 'a payment alone does not re-assess a customer without a credit limit');

    clock.set('2026-10-01T08:00:00.000Z');
    await ingestInvoice(deps, TENANT, invoice('T-2', '2026-10-01', '2026-10-15'));
    assert.deepEqual((await customers.get(TENANT, 'CT-1'))?.risk, { score: 50, tier: 'high', assessedAt: '2026-10-01T08:00:00.000Z' });
    assert.deepEqual(await policies.invoicesUnder(TENANT, 'firm'), ['T-2']);
    await planNextStep(deps, TENANT, 'T-2');
    const scheduled = (await invoices.timeline(TENANT, 'T-2')).find((event) => event.type === 'reminder.scheduled');
    assert.equal(scheduled?.detail?.['policy'], 'firm@1', 'the workflow plans T-2 under the high-risk policy');
  });

  it('re-assesses the customer when a workflow restarts (a new revision), and lists the invoice under the policy its tier now selects', async () => {
    const { deps, customers, policies, invoices, clock } = await tieredTenant('2026-08-01T08:00:00.000Z');
    await ingestInvoice(deps, TENANT, invoice('T-1', '2026-08-01', '2026-08-15'));
    await ingestInvoice(deps, TENANT, invoice('T-2', '2026-08-01', '2026-08-15'));
    assert.deepEqual(await policies.invoicesUnder(TENANT, 'gentle'), ['T-1', 'T-2']);
    clock.set('2026-09-24T08:00:00.000Z');
    await recordPayment(deps, TENANT, { invoiceNumber: 'T-1', amount: 100000, currency: 'EUR', paidAt: '2026-09-24' });

    clock.set('2026-10-01T08:00:00.000Z');
    assert.equal(await restartWorkflow(deps, (await invoices.get(TENANT, 'T-2'))!, 'dispute resolved: rejected'), true);
    assert.equal((await customers.get(TENANT, 'CT-1'))?.risk?.tier, 'high', '50 points for T-1 paid 40 days late, 20 for T-2 wholly overdue');
    assert.deepEqual(await policies.invoicesUnder(TENANT, 'firm'), ['T-2']);
  });

  it('leaves the customer unassessed when no policy selects by risk tier (no invoices read)', async () => {
    const { deps, customers, policies } = collectionSetup('2026-08-01T08:00:00.000Z');
    await savePolicy(deps.policies, TENANT, 'key-accounts', { stages: [{ id: 'overdue-1', offsetDays: 1 }], segments: ['key-account'] });
    await ingestInvoice(deps, TENANT, invoice('T-1', '2026-08-01', '2026-08-15'));
    assert.equal(await customers.get(TENANT, 'CT-1'), undefined);
    assert.deepEqual(await policies.invoicesUnder(TENANT, 'default'), ['T-1']);
  });
});
