import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectionPolicySchema, defaultPolicy, weekdays, type CollectionPolicyInput } from '../../shared/policies/index.js';

/** Each issue as "path: message", e.g. "sendingWindow.endHour: must be after startHour". */
function issuesOf(input: unknown): string[] {
  const result = collectionPolicySchema.safeParse(input);
  assert.equal(result.success, false, 'expected the policy to be refused');
  return result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const oneStage: CollectionPolicyInput = { stages: [{ id: 'overdue-1-day', offsetDays: 1 }] };

describe('collectionPolicySchema: defaults', () => {
  it('fills in every default for a policy of stages only: every day 09:00-17:00 UTC, no minimum, no escalation, 10 grace days, no final action', () => {
    assert.deepEqual(collectionPolicySchema.parse(oneStage), {
      segments: [],
      stages: [{ id: 'overdue-1-day', offsetDays: 1, template: 'friendly' }],
      sendingWindow: { days: [...weekdays], startHour: 9, endHour: 17, holidays: [] },
      defaultTimezone: 'UTC',
      minimumBalance: 0,
      onePerCustomerPerDay: false,
      grace: { days: 10, finalAction: 'none' },
    });
  });

  it('fills in the defaults of an escalation that names only when it happens', () => {
    assert.deepEqual(collectionPolicySchema.parse({ ...oneStage, escalation: { afterDaysOverdue: 21 } }).escalation, {
      afterDaysOverdue: 21,
      minimumBalance: 0,
      approvers: { accountOwner: true, emails: [] },
      approvalTimeoutDays: 7,
      onTimeout: 'stop',
      extendDays: 14,
      pauseDays: 30,
    });
  });

  it('fills in the missing fields of a partly given window, approvers and grace period', () => {
    const policy = collectionPolicySchema.parse({
      ...oneStage,
      sendingWindow: { days: ['mon', 'fri'] },
      escalation: { afterDaysOverdue: 21, approvers: { emails: ['finance@acme.example'] } },
      grace: { days: 5 },
    });
    assert.deepEqual(policy.sendingWindow, { days: ['mon', 'fri'], startHour: 9, endHour: 17, holidays: [] });
    assert.deepEqual(policy.escalation?.approvers, { accountOwner: true, emails: ['finance@acme.example'] });
    assert.deepEqual(policy.grace, { days: 5, finalAction: 'none' });
  });

  it('stores approver emails in lower case and time zones in their canonical spelling', () => {
    const policy = collectionPolicySchema.parse({ ...oneStage, defaultTimezone: 'europe/berlin', escalation: { afterDaysOverdue: 21, approvers: { emails: ['Finance@Acme.Example'] } } });
    assert.equal(policy.defaultTimezone, 'Europe/Berlin');
    assert.deepEqual(policy.escalation?.approvers.emails, ['finance@acme.example']);
  });

  it('gives the built-in default policy the four reminders of issue #2, every day 09:00-17:00, and no escalation', () => {
    assert.equal(defaultPolicy.name, 'default');
    assert.equal(defaultPolicy.version, 0);
    assert.deepEqual(
      defaultPolicy.stages.map((stage) => [stage.id, stage.offsetDays, stage.template]),
      [
        ['due-in-3-days', -3, 'friendly'],
        ['overdue-1-day', 1, 'friendly'],
        ['overdue-7-days', 7, 'firm'],
        ['overdue-14-days', 14, 'urgent'],
      ],
    );
    assert.deepEqual(defaultPolicy.sendingWindow, { days: [...weekdays], startHour: 9, endHour: 17, holidays: [] });
    assert.equal(defaultPolicy.escalation, undefined);
  });
});

describe('collectionPolicySchema: errors name the field', () => {
  it('refuses two stages with the same id at path stages', () => {
    assert.deepEqual(issuesOf({ stages: [{ id: 'nudge', offsetDays: 1 }, { id: 'nudge', offsetDays: 7 }] }), ['stages: stage ids must be unique']);
  });

  it('refuses an endHour that is not after startHour at path sendingWindow.endHour', () => {
    assert.deepEqual(issuesOf({ ...oneStage, sendingWindow: { startHour: 17, endHour: 9 } }), ['sendingWindow.endHour: must be after startHour']);
    assert.deepEqual(issuesOf({ ...oneStage, sendingWindow: { startHour: 9, endHour: 9 } }), ['sendingWindow.endHour: must be after startHour']);
  });

  it("refuses the stage id 'final-notice', which the final notice's ledger entry uses, at path stages.<index>.id", () => {
    assert.deepEqual(issuesOf({ stages: [{ id: 'overdue-1-day', offsetDays: 1 }, { id: 'final-notice', offsetDays: 30 }] }), [
      "stages.1.id: 'final-notice' and 'final-action' are reserved",
    ]);
  });

  it('refuses an approver that is not an email address at path escalation.approvers.emails.<index>', () => {
    const issues = issuesOf({ ...oneStage, escalation: { afterDaysOverdue: 21, approvers: { emails: ['finance@acme.example', 'finance team'] } } });
    assert.equal(issues.length, 1);
    assert.match(issues[0]!, /^escalation\.approvers\.emails\.1: /);
  });

  it('refuses a window without sending days, a stage id that is not a slug and an unknown time zone, each at its path', () => {
    const issues = issuesOf({ stages: [{ id: 'Overdue 1', offsetDays: 1 }], sendingWindow: { days: [] }, defaultTimezone: 'Mars/Olympus' });
    assert.deepEqual(
      issues.map((issue) => issue.split(':')[0]),
      ['stages.0.id', 'sendingWindow.days', 'defaultTimezone'],
    );
  });

  it('reports every problem of a policy at once', () => {
    const issues = issuesOf({
      stages: [{ id: 'a', offsetDays: 1 }, { id: 'a', offsetDays: 2 }],
      sendingWindow: { startHour: 17, endHour: 9 },
      escalation: { afterDaysOverdue: 21, approvers: { emails: ['nope'] } },
    });
    assert.deepEqual(
      issues.map((issue) => issue.split(':')[0]),
      ['stages', 'sendingWindow.endHour', 'escalation.approvers.emails.0'],
    );
  });
});
