import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyEscalationDecision } from '../../shared/escalation/index.js';
import type { EscalationState, Invoice } from '../../shared/invoicing/index.js';
import { openInvoice, storedPolicy } from './fixtures.js';

const policy = storedPolicy('collect', {
  stages: [],
  escalation: { afterDaysOverdue: 10, extendDays: 14, pauseDays: 30 },
  grace: { days: 10, finalAction: 'write-off' },
});

const now = new Date('2026-12-12T10:00:00.000Z');
const APPROVER = 'finance@acme.example';

const pending: EscalationState = { id: 'esc-1', status: 'pending', requestedAt: '2026-12-11T08:00:00.000Z', expiresAt: '2026-12-18T08:00:00.000Z' };

function escalated(overrides: Partial<Invoice> = {}): Invoice {
  return openInvoice({ escalation: pending, ...overrides }); // due 2026-12-01, 1250.00 EUR
}

const decided = { decidedBy: APPROVER, decidedAt: '2026-12-12T10:00:00.000Z' };

describe('applyEscalationDecision', () => {
  it('approve: the escalation is approved and the grace period ends grace.days from now', () => {
    const { after, events } = applyEscalationDecision(escalated(), 'approve', APPROVER, policy, now, { linkId: 'link-1' });
    assert.deepEqual(after, {
      status: 'open',
      escalation: { ...pending, status: 'approved', decision: 'approve', ...decided, graceEndsAt: '2026-12-22T10:00:00.000Z' },
      extendedDueDate: undefined,
      pausedUntil: undefined,
      updatedAt: '2026-12-12T10:00:00.000Z',
    });
    assert.deepEqual(events, [
      {
        type: 'escalation.decided',
        at: '2026-12-12T10:00:00.000Z',
        key: 'escalation.decided:esc-1',
        detail: { escalationId: 'esc-1', decision: 'approve', decidedBy: APPROVER, linkId: 'link-1', graceEndsAt: '2026-12-22T10:00:00.000Z' },
      },
    ]);
  });

  it('extend: adds extendDays to the due date and clears the escalation, so a new one follows from the new date', () => {
    const { after, events } = applyEscalationDecision(escalated(), 'extend', APPROVER, policy, now);
    assert.equal(after.extendedDueDate, '2026-12-15');
    assert.equal(after.escalation, undefined);
    assert.equal(after.status, 'open');
    assert.deepEqual(events[0]?.detail, { escalationId: 'esc-1', decision: 'extend', decidedBy: APPROVER, extendedDueDate: '2026-12-15' });
  });

  it('extend: counts from an earlier extension (the effective due date), not from the original due date', () => {
    const { after } = applyEscalationDecision(escalated({ extendedDueDate: '2026-12-15' }), 'extend', APPROVER, policy, now);
    assert.equal(after.extendedDueDate, '2026-12-29');
  });

  it('pause: collection pauses for pauseDays from now and the escalation is cleared', () => {
    const { after, events } = applyEscalationDecision(escalated(), 'pause', APPROVER, policy, now);
    assert.equal(after.pausedUntil, '2027-01-11T10:00:00.000Z');
    assert.equal(after.escalation, undefined);
    assert.equal(after.status, 'open');
    assert.deepEqual(events.map((event) => event.type), ['escalation.decided']);
    assert.equal(events[0]?.detail?.['pausedUntil'], '2027-01-11T10:00:00.000Z');
  });

  it("write-off: the invoice is written off, the escalation stopped, and an 'invoice.written-off' event says who approved it", () => {
    const { after, events } = applyEscalationDecision(escalated(), 'write-off', APPROVER, policy, now, { linkId: 'link-4' });
    assert.equal(after.status, 'written_off');
    assert.deepEqual(after.escalation, { ...pending, status: 'stopped', decision: 'write-off', ...decided });
    assert.deepEqual(events.map((event) => [event.type, event.key]), [
      ['escalation.decided', 'escalation.decided:esc-1'],
      ['invoice.written-off', 'invoice.written-off:esc-1'],
    ]);
    assert.deepEqual(events[1]?.detail, { reason: `escalation decision by ${APPROVER}`, approvedBy: APPROVER, balance: 125000 });
  });

  it("agency: the invoice goes to an agency, the escalation stopped, with an 'invoice.sent-to-agency' event", () => {
    const { after, events } = applyEscalationDecision(escalated(), 'agency', APPROVER, policy, now);
    assert.equal(after.status, 'with_agency');
    assert.deepEqual(after.escalation, { ...pending, status: 'stopped', decision: 'agency', ...decided });
    assert.deepEqual(events.map((event) => event.type), ['escalation.decided', 'invoice.sent-to-agency']);
    assert.deepEqual(events[1]?.detail, { approvedBy: APPROVER, balance: 125000 });
  });

  it("timeout: the decision is 'timeout' and the event 'escalation.timed-out', whatever the policy's timeout action", () => {
    const stop = applyEscalationDecision(escalated(), 'stop', 'timeout', policy, now, { timedOut: true });
    assert.deepEqual(stop.after.escalation, { ...pending, status: 'stopped', decision: 'timeout', decidedBy: 'timeout', decidedAt: '2026-12-12T10:00:00.000Z' });
    assert.equal(stop.after.status, 'open');
    assert.deepEqual(stop.events, [
      {
        type: 'escalation.timed-out',
        at: '2026-12-12T10:00:00.000Z',
        key: 'escalation.decided:esc-1',
        detail: { escalationId: 'esc-1', decision: 'stop', decidedBy: 'timeout' },
      },
    ]);

    const approve = applyEscalationDecision(escalated(), 'approve', 'timeout', policy, now, { timedOut: true });
    assert.equal(approve.after.escalation?.status, 'approved');
    assert.equal(approve.after.escalation?.decision, 'timeout');
    assert.equal(approve.after.escalation?.graceEndsAt, '2026-12-22T10:00:00.000Z');
    assert.equal(approve.events[0]?.type, 'escalation.timed-out');

    const writeOff = applyEscalationDecision(escalated(), 'write-off', 'timeout', policy, now, { timedOut: true });
    assert.equal(writeOff.after.status, 'written_off');
    assert.deepEqual(writeOff.events.map((event) => event.type), ['escalation.timed-out', 'invoice.written-off']);
  });

  it('leaves the invoice it was given untouched (pure)', () => {
    const invoice = escalated();
    const before = structuredClone(invoice);
    applyEscalationDecision(invoice, 'approve', APPROVER, policy, now);
    applyEscalationDecision(invoice, 'extend', APPROVER, policy, now);
    assert.deepEqual(invoice, before);
  });

  it('throws for an invoice without an escalation', () => {
    assert.throws(() => applyEscalationDecision(openInvoice(), 'approve', APPROVER, policy, now), /has no escalation to decide/);
  });
});
