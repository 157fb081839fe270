import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextCollectionStep } from '../../shared/reminders/index.js';
import { defaultPolicy } from '../../shared/policies/index.js';
import { actOnCustomerLink, createSelfServiceUrls } from '../../shared/self-service/index.js';
import { collectionSetup } from './fakes/collection-deps.js';
import { openInvoice } from './fixtures.js';

const TENANT = 'acme';
const NUMBER = 'INV-1001';

async function linkParams(deps: Parameters<typeof createSelfServiceUrls>[0], stage = 'overdue-1-day', now = new Date('2026-12-08T08:00:00.000Z')) {
  const urls = await createSelfServiceUrls(deps, { tenantId: TENANT, invoiceNumber: NUMBER }, stage, now);
  const url = new URL(urls!.dispute);
  return { linkId: url.pathname.split('/').pop()!, expires: Number(url.searchParams.get('expires')), sig: url.searchParams.get('sig')! };
}

describe('customer requests through a notice link', () => {
  it('opens a dispute once, pauses the plan and re-plans the workflow', async () => {
    const { deps, invoices, workflows, disputes } = collectionSetup();
    invoices.put(openInvoice());
    const { linkId, expires, sig } = await linkParams(deps);
    const result = await actOnCustomerLink(deps, linkId, expires, sig, { action: 'dispute', reason: 'wrong quantity' });
    assert.equal(result.ok, true, JSON.stringify(result));
    const stored = await invoices.get(TENANT, NUMBER);
    assert.equal(stored?.dispute?.status, 'open');
    assert.equal(stored?.revision, 2);
    assert.equal(workflows.starts.length, 1);
    assert.deepEqual(nextCollectionStep(stored!, [], defaultPolicy, new Date('2026-12-09T08:00:00.000Z')).kind, 'done');
    assert.equal((await disputes.openDisputes(TENANT))[0]?.reason, 'wrong quantity');
    const again = await actOnCustomerLink(deps, linkId, expires, sig, { action: 'dispute', reason: 'again' });
    assert.deepEqual(again.ok ? 'ok' : again.reason, 'used');
  });

  it('refuses a promise date in the past and a tampered signature', async () => {
    const { deps, invoices } = collectionSetup();
    invoices.put(openInvoice());
    const { linkId, expires, sig } = await linkParams(deps);
    const past = await actOnCustomerLink(deps, linkId, expires, sig, { action: 'promise', date: '2026-12-01' });
    assert.equal(past.ok ? 'ok' : past.reason, 'rejected');
    const tampered = await actOnCustomerLink(deps, linkId, expires + 1, sig, { action: 'already-paid' });
    assert.equal(tampered.ok ? 'ok' : tampered.reason, 'invalid');
  });

  it('plans a broken-promise notice the morning after the promised day, standing in for the reminders that fell due', async () => {
    const invoice = openInvoice({ promise: { date: '2026-12-10', madeAt: '2026-12-01T10:00:00.000Z' }, customer: { ...openInvoice().customer, timezone: 'UTC' } });
    assert.deepEqual(nextCollectionStep(invoice, [], defaultPolicy, new Date('2026-12-05T08:00:00.000Z')), { kind: 'resume', at: new Date('2026-12-11T09:00:00.000Z') });
    const step = nextCollectionStep(invoice, [], defaultPolicy, new Date('2026-12-11T09:00:00.000Z'));
    assert.equal(step.kind, 'reminder');
    assert.equal(step.kind === 'reminder' && step.stage, 'promise-broken-2026-12-10');
    assert.ok(step.kind === 'reminder' && step.superseded.includes('overdue-7-days'), JSON.stringify(step));
  });
});
