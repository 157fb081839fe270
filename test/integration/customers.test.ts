import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, dateInZone } from '../../shared/kernel/index.js';
import { anInvoice, useLocalStack } from './support/local-stack.js';

/** Customers: reassignable account owner, policy by segment, credit hold as a final action, one timeline. */
describe('customers on the embedded stack', () => {
  const { api } = useLocalStack('2026-11-20T12:00:00.000Z');

  it('collects a customer tagged with a segment under the policy for that segment', async () => {
    const segmentPolicy = { segments: ['enterprise'], stages: [{ id: 'enterprise-courtesy', offsetDays: -5 }] };
    assert.equal((await api().request('PUT', '/policies/enterprise', segmentPolicy)).status, 201);
    const saved = await api().request<{ customer: { tags: string[] } }>('PUT', '/customers/C-ENT', { tags: ['enterprise'] });
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body.customer.tags, ['enterprise']);

    const today = dateInZone(await api().now(), 'UTC');
    const invoice = anInvoice({ dueDate: addDays(today, 8), customer: { id: 'C-ENT', name: 'Enterprise AG', email: 'ap@enterprise.example', timezone: 'UTC' } });
    assert.equal((await api().postInvoice(invoice)).status, 201);
    await api().advanceDays(4);
    assert.deepEqual((await api().emailsFor(invoice.invoiceNumber)).map((email) => email.headers['X-Arflow-Stage']), ['enterprise-courtesy']);
  });

  it('asks the reassigned account owner, places a credit hold when the grace period ends unpaid, and warns on the next invoice', async () => {
    const holdPolicy = {
      stages: [],
      escalation: { afterDaysOverdue: 1, approvers: { accountOwner: true }, approvalTimeoutDays: 1, onTimeout: 'approve' },
      grace: { days: 2, finalAction: 'credit-hold' },
    };
    assert.equal((await api().request('PUT', '/policies/hold', holdPolicy)).status, 201);
    assert.equal((await api().request('PUT', '/customers/C-HOLD', { accountOwner: 'New.Owner@Seller.example', policy: 'hold' })).status, 200);

    const today = dateInZone(await api().now(), 'UTC');
    const customer = { id: 'C-HOLD', name: 'Hold Ltd', email: 'ap@hold.example', timezone: 'UTC', accountOwner: 'old.owner@seller.example' };
    const first = anInvoice({ dueDate: addDays(today, 1), customer });
    assert.equal((await api().postInvoice(first)).status, 201);

    await api().advanceDays(3); // escalation at due + 1
    const approvals = (await api().emailsFor(first.invoiceNumber)).filter((email) => email.headers['X-Arflow-Stage'] === 'escalation');
    assert.deepEqual(approvals.map((email) => email.to), [['new.owner@seller.example']], 'the owner kept on the customer, not the one on the invoice');

    await api().advanceDays(5); // nobody decides: approve on timeout, final notice, 2 days' grace, credit hold
    const profile = await api().request<{ customer: { creditHold?: { reason: string } } }>('GET', '/customers/C-HOLD');
    assert.match(profile.body.customer.creditHold?.reason ?? '', new RegExp(first.invoiceNumber));
    const firstView = await api().getInvoice(first.invoiceNumber);
    assert.equal(firstView.body.invoice.status, 'open', 'a credit hold leaves the invoice owed');
    assert.ok((await api().emailsFor(first.invoiceNumber)).some((email) => /credit hold/.test(email.text)), 'the final notice said what would happen');

    const second = anInvoice({ dueDate: addDays(dateInZone(await api().now(), 'UTC'), 30), customer });
    const created = await api().postInvoice(second);
    assert.equal(created.status, 201);
    assert.deepEqual(created.body['warnings'], ['customer_on_credit_hold']);

    const timeline = await api().request<{ timeline: { invoiceNumber: string; type: string }[] }>('GET', '/customers/C-HOLD/timeline');
    assert.equal(timeline.status, 200);
    const numbers = new Set(timeline.body.timeline.map((event) => event.invoiceNumber));
    assert.deepEqual([...numbers].sort(), [first.invoiceNumber, second.invoiceNumber].sort());
    for (const type of ['escalation.requested', 'escalation.timed-out', 'final-notice.sent', 'customer.credit-hold']) {
      assert.ok(timeline.body.timeline.some((event) => event.type === type), type);
    }

    assert.equal((await api().request('DELETE', '/customers/C-HOLD/credit-hold')).status, 200);
    const released = await api().request<{ customer: { creditHold?: unknown } }>('GET', '/customers/C-HOLD');
    assert.equal(released.body.customer.creditHold, undefined);
  });

  it('answers 404 for an unknown customer and 422 for an unknown policy', async () => {
    assert.equal((await api().request('GET', '/customers/NOPE')).status, 404);
    const bad = await api().request<{ error: { issues: { path: string }[] } }>('PUT', '/customers/C-X', { policy: 'no-such-policy' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.issues[0]?.path, 'policy');
  });
});
