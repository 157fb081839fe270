import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { collectionPolicySchema } from '../../shared/policies/index.js';
import { invoiceLifecycleDefinitionPath } from '../../workflows/invoice-lifecycle.js';

/**
 * Standard workflows fail at 25,000 history events. Count the worst path from the definition itself:
 * every state visited on each kind of step, every retry taken to the limit.
 */
interface State {
  Type: string;
  Resource?: string;
  Next?: string;
  Default?: string;
  Choices?: { Next: string }[];
  Retry?: { MaxAttempts?: number }[];
}

const definition = JSON.parse(readFileSync(invoiceLifecycleDefinitionPath, 'utf8')) as { States: Record<string, State> };
const HISTORY_LIMIT = 25_000;

/** History events of one visit, with every retrier exhausted (each retry: scheduled, started, failed). */
function worstEventsOf(name: string): number {
  const state = definition.States[name];
  assert.ok(state, name);
  if (state.Type !== 'Task') return 2; // entered + exited
  const retries = (state.Retry ?? []).reduce((sum, retrier) => sum + (retrier.MaxAttempts ?? 3), 0);
  const callback = state.Resource?.endsWith('.waitForTaskToken') ? 1 : 0; // TaskSubmitted
  return 5 + callback + retries * 3; // entered, scheduled, started, succeeded, exited
}

/** The states of one lap: from PlanNextStep through the branch WhichStep takes for `kind`, back to PlanNextStep. */
function lap(kind: string): string[] {
  const states = ['PlanNextStep', 'IsThereAStep', 'WaitUntilStepIsDue', 'WhichStep'];
  const which = definition.States['WhichStep']!;
  const branchIndex = ['reminder', 'final-notice', 'escalate', 'final-action'].indexOf(kind);
  let next: string | undefined = branchIndex >= 0 ? which.Choices![branchIndex]!.Next : which.Default;
  while (next && next !== 'PlanNextStep') {
    states.push(next);
    next = definition.States[next]!.Next;
  }
  assert.equal(next, 'PlanNextStep', `the ${kind} lap returns to planning`);
  return states;
}

const lapEvents = (kind: string) => lap(kind).reduce((sum, name) => sum + worstEventsOf(name), 0);

describe('workflow history size', () => {
  it('keeps the worst path of the longest policy far below 25,000 events', () => {
    const maxStages = 20;
    assert.equal(collectionPolicySchema.safeParse({ stages: Array.from({ length: maxStages + 1 }, (_, i) => ({ id: `s${i}`, offsetDays: i })) }).success, false, 'policies hold at most 20 stages');
    // Every reminder stage, then escalation decided "extend" or "pause" 50 times (each starts a new escalation lap and a resume lap), then approval, final notice, final action.
    const rounds = 50;
    const worst =
      2 + // execution started / succeeded
      maxStages * lapEvents('reminder') +
      rounds * (lapEvents('escalate') + lapEvents('resume')) +
      lapEvents('escalate') +
      lapEvents('final-notice') +
      lapEvents('final-action') +
      worstEventsOf('PlanNextStep') +
      2 + // IsThereAStep
      2; // CollectionComplete
    process.stdout.write(`# worst-case history: ${worst} events (reminder lap ${lapEvents('reminder')}, escalation lap ${lapEvents('escalate')})\n`);
    assert.ok(worst < HISTORY_LIMIT / 2, `worst path ${worst} events`);
  });
});
