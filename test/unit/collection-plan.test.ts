import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escalationTime, nextCollectionStep, type CollectionStep } from '../../shared/reminders/index.js';
import type { EscalationState, Invoice } from '../../shared/invoicing/index.js';
import { defaultPolicy, type CollectionPolicy, type CollectionPolicyInput } from '../../shared/policies/index.js';
import type { NoticeRecord } from '../../shared/invoicing/index.js';
import { openInvoice, storedPolicy } from './fixtures.js';

const DAY = 86_400;

const stages: CollectionPolicyInput['stages'] = [
  { id: 'due-in-3-days', offsetDays: -3 },
  { id: 'overdue-1-day', offsetDays: 1 },
  { id: 'overdue-7-days', offsetDays: 7 },
  { id: 'overdue-14-days', offsetDays: 14 },
];

/** Four reminders; escalate 10 days overdue from 500.00 up, approvers get 5 days; write off 10 days after approval. */
const policy: CollectionPolicy = storedPolicy('collect', {
  stages,
  escalation: { afterDaysOverdue: 10, minimumBalance: 50000, approvalTimeoutDays: 5 },
  grace: { days: 10, finalAction: 'write-off' },
});

/** Due Monday 2026-03-02, customer without a time zone (the policy's UTC): escalation is due Thursday 2026-03-12 09:00 UTC. */
function invoice(overrides: Partial<Invoice> = {}): Invoice {
  return openInvoice({ issueDate: '2026-02-01', dueDate: '2026-03-02', customer: { id: 'C-1', name: 'Acme GmbH', email: 'ap@acme.example' }, ...overrides });
}

function sent(...stageIds: string[]): NoticeRecord[] {
  return stageIds.map((stage) => ({ stage, status: 'sent', at: '2026-01-01T00:00:00.000Z', messageId: `msg-${stage}` }));
}

const at = (instant: string) => new Date(instant);

function escalation(overrides: Partial<EscalationState>): EscalationState {
  return { id: 'esc-1', status: 'pending', requestedAt: '2026-03-12T09:00:00.000Z', expiresAt: '2026-03-17T09:00:00.000Z', ...overrides };
}

const approved = escalation({
  status: 'approved',
  decision: 'approve',
  decidedBy: 'finance@acme.example',
  decidedAt: '2026-03-13T10:00:00.000Z',
  graceEndsAt: '2026-03-23T10:00:00.000Z',
});

/** Follows the plan the way the workflow does: wait until `at`, do the step, plan again. */
function walk(start: Invoice, from: Date, limit = 10): CollectionStep[] {
  const ledger: NoticeRecord[] = [];
  const steps: CollectionStep[] = [];
  let now = from;
  for (let i = 0; i < limit; i++) {
    const step = nextCollectionStep(start, ledger, policy, now);
    steps.push(step);
    if (step.kind !== 'reminder') break;
    now = step.at;
    ledger.push(...sent(step.stage));
  }
  return steps;
}

describe('nextCollectionStep: reminders, then escalation', () => {
  it('sends the reminders before the escalation day, then escalates at the opening hour of due date + afterDaysOverdue', () => {
    assert.deepEqual(walk(invoice(), at('2026-02-01T00:00:00Z')), [
      { kind: 'reminder', at: at('2026-02-27T09:00:00.000Z'), stage: 'due-in-3-days', superseded: [] },
      { kind: 'reminder', at: at('2026-03-03T09:00:00.000Z'), stage: 'overdue-1-day', superseded: [] },
      { kind: 'reminder', at: at('2026-03-09T09:00:00.000Z'), stage: 'overdue-7-days', superseded: [] },
      { kind: 'escalate', at: at('2026-03-12T09:00:00.000Z'), approvalTimeoutSeconds: 5 * DAY },
    ]);
  });

  it('does not plan a reminder due after the escalation time once escalation is configured (no overdue-14-days)', () => {
    const step = nextCollectionStep(invoice(), sent('due-in-3-days', 'overdue-1-day', 'overdue-7-days'), policy, at('2026-03-12T09:00:00Z'));
    assert.deepEqual(step, { kind: 'escalate', at: at('2026-03-12T09:00:00.000Z'), approvalTimeoutSeconds: 5 * DAY });
  });

  it('does not plan a reminder due at exactly the escalation time', () => {
    const sameDay = { ...policy, stages: [...policy.stages, { id: 'overdue-10-days', offsetDays: 10, template: 'urgent' as const }] };
    const step = nextCollectionStep(invoice(), sent('due-in-3-days', 'overdue-1-day', 'overdue-7-days'), sameDay, at('2026-03-10T12:00:00Z'));
    assert.deepEqual(step, { kind: 'escalate', at: at('2026-03-12T09:00:00.000Z'), approvalTimeoutSeconds: 5 * DAY });
  });

  it('sends the latest missed reminder before escalating an invoice ingested after its escalation day, then escalates at once', () => {
    const now = at('2026-03-20T10:00:00Z');
    const first = nextCollectionStep(invoice(), [], policy, now);
    assert.deepEqual(first, { kind: 'reminder', at: now, stage: 'overdue-7-days', superseded: ['due-in-3-days', 'overdue-1-day'] });
    const second = nextCollectionStep(invoice(), [...sent('overdue-7-days'), ...sent('due-in-3-days', 'overdue-1-day')], policy, now);
    assert.deepEqual(second, { kind: 'escalate', at: now, approvalTimeoutSeconds: 5 * DAY });
  });

  it("escalates at the window's opening hour in the customer's zone", () => {
    const berlin = invoice({ customer: { id: 'C-1', name: 'Acme GmbH', email: 'ap@acme.example', timezone: 'Europe/Berlin' } });
    assert.deepEqual(escalationTime(berlin, policy), at('2026-03-12T08:00:00.000Z')); // 09:00 CET
    const at8 = { ...policy, sendingWindow: { ...policy.sendingWindow, startHour: 8 } };
    assert.deepEqual(escalationTime(berlin, at8), at('2026-03-12T07:00:00.000Z'));
  });

  it('re-requests a pending escalation whose workflow was restarted', () => {
    const pending = invoice({ escalation: escalation({}) });
    const step = nextCollectionStep(pending, sent('due-in-3-days', 'overdue-1-day', 'overdue-7-days'), policy, at('2026-03-13T10:00:00Z'));
    assert.deepEqual(step, { kind: 'escalate', at: at('2026-03-13T10:00:00.000Z'), approvalTimeoutSeconds: 5 * DAY });
  });

  it("does not escalate below the escalation's minimum balance: every reminder is sent and then it is done", () => {
    const small = invoice({ balance: 49999 });
    assert.equal(escalationTime(small, policy), undefined);
    const steps = walk(small, at('2026-02-01T00:00:00Z'));
    assert.deepEqual(
      steps.map((step) => (step.kind === 'reminder' ? step.stage : step.kind)),
      ['due-in-3-days', 'overdue-1-day', 'overdue-7-days', 'overdue-14-days', 'done'],
    );
    assert.deepEqual(steps.at(-1), { kind: 'done', reason: 'every reminder stage is handled' });
  });

  it('escalates at exactly the minimum balance', () => {
    assert.deepEqual(escalationTime(invoice({ balance: 50000 }), policy), at('2026-03-12T09:00:00.000Z'));
  });

  it('is done after the last reminder when the policy has no escalation', () => {
    const step = nextCollectionStep(invoice(), sent('due-in-3-days', 'overdue-1-day', 'overdue-7-days', 'overdue-14-days'), defaultPolicy, at('2026-03-20T10:00:00Z'));
    assert.deepEqual(step, { kind: 'done', reason: 'every reminder stage is handled' });
    assert.equal(escalationTime(invoice(), defaultPolicy), undefined);
  });
});

describe('nextCollectionStep: extension and pause', () => {
  it('moves the reminders and the escalation with an extended due date', () => {
    const extended = invoice({ extendedDueDate: '2026-03-16' });
    assert.deepEqual(nextCollectionStep(extended, [], policy, at('2026-02-01T00:00:00Z')), {
      kind: 'reminder',
      at: at('2026-03-13T09:00:00.000Z'),
      stage: 'due-in-3-days',
      superseded: [],
    });
    assert.deepEqual(escalationTime(extended, policy), at('2026-03-26T09:00:00.000Z'));
  });

  it('escalates again from the extended due date after an extension, without repeating the reminders already sent', () => {
    const extended = invoice({ extendedDueDate: '2026-03-16' });
    const step = nextCollectionStep(extended, sent('due-in-3-days', 'overdue-1-day', 'overdue-7-days'), policy, at('2026-03-13T10:00:00Z'));
    assert.deepEqual(step, { kind: 'escalate', at: at('2026-03-26T09:00:00.000Z'), approvalTimeoutSeconds: 5 * DAY });
  });

  it('resumes at the end of a pause that is still running', () => {
    const paused = invoice({ pausedUntil: '2026-04-12T10:00:00.000Z' });
    assert.deepEqual(nextCollectionStep(paused, [], policy, at('2026-03-13T10:00:00Z')), { kind: 'resume', at: at('2026-04-12T10:00:00.000Z') });
  });

  it('plans as usual once the pause is over', () => {
    const paused = invoice({ pausedUntil: '2026-04-12T10:00:00.000Z' });
    const now = at('2026-04-12T10:00:00Z');
    assert.deepEqual(nextCollectionStep(paused, sent('due-in-3-days', 'overdue-1-day', 'overdue-7-days'), policy, now), {
      kind: 'escalate',
      at: now,
      approvalTimeoutSeconds: 5 * DAY,
    });
  });
});

describe('nextCollectionStep: after a decision', () => {
  it('sends the final notice at the next opening of the window after an approval', () => {
    const weekdays = { ...policy, sendingWindow: { ...policy.sendingWindow, days: ['mon', 'tue', 'wed', 'thu', 'fri'] as CollectionPolicy['sendingWindow']['days'] } };
    assert.deepEqual(nextCollectionStep(invoice({ escalation: approved }), [], weekdays, at('2026-03-13T10:00:00Z')), { kind: 'final-notice', at: at('2026-03-13T10:00:00.000Z') });
    // Friday after closing → Monday 09:00.
    assert.deepEqual(nextCollectionStep(invoice({ escalation: approved }), [], weekdays, at('2026-03-13T18:00:00Z')), { kind: 'final-notice', at: at('2026-03-16T09:00:00.000Z') });
  });

  it('takes the final action when the grace period ends, once the final notice is in the ledger', () => {
    const ledger = sent('due-in-3-days', 'overdue-1-day', 'overdue-7-days', 'final-notice');
    assert.deepEqual(nextCollectionStep(invoice({ escalation: approved }), ledger, policy, at('2026-03-13T10:05:00Z')), {
      kind: 'final-action',
      at: at('2026-03-23T10:00:00.000Z'),
      action: 'write-off',
    });
    const agency = { ...policy, grace: { days: 10, finalAction: 'agency' as const } };
    assert.deepEqual(nextCollectionStep(invoice({ escalation: approved }), ledger, agency, at('2026-03-24T00:00:00Z')), {
      kind: 'final-action',
      at: at('2026-03-24T00:00:00.000Z'),
      action: 'agency',
    });
  });

  it("is done after the final notice when the policy's final action is 'none'", () => {
    const none = { ...policy, grace: { days: 10, finalAction: 'none' as const } };
    assert.deepEqual(nextCollectionStep(invoice({ escalation: approved }), sent('final-notice'), none, at('2026-03-13T10:05:00Z')), {
      kind: 'done',
      reason: 'grace period started; the policy has no final action',
    });
  });

  it('is done when the escalation was stopped', () => {
    const stopped = invoice({ escalation: escalation({ status: 'stopped', decision: 'timeout', decidedBy: 'timeout', decidedAt: '2026-03-17T09:00:00.000Z' }) });
    assert.deepEqual(nextCollectionStep(stopped, [], policy, at('2026-03-17T09:00:00Z')), { kind: 'done', reason: 'collection stopped: escalation timeout' });
  });

  it('is done for an invoice that is paid, written off or with an agency, or owes nothing', () => {
    const now = at('2026-03-13T10:00:00Z');
    assert.deepEqual(nextCollectionStep(invoice({ status: 'paid', balance: 0 }), [], policy, now), { kind: 'done', reason: 'invoice is paid' });
    assert.deepEqual(nextCollectionStep(invoice({ status: 'written_off', escalation: approved }), [], policy, now), { kind: 'done', reason: 'invoice is written_off' });
    assert.deepEqual(nextCollectionStep(invoice({ status: 'with_agency' }), [], policy, now), { kind: 'done', reason: 'invoice is with_agency' });
    assert.deepEqual(nextCollectionStep(invoice({ balance: 0 }), [], policy, now), { kind: 'done', reason: 'nothing is owed' });
  });

  it('is done for a paid invoice even while it is paused', () => {
    assert.deepEqual(nextCollectionStep(invoice({ status: 'paid', balance: 0, pausedUntil: '2026-04-12T10:00:00.000Z' }), [], policy, at('2026-03-13T10:00:00Z')), {
      kind: 'done',
      reason: 'invoice is paid',
    });
  });
});
