import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { invoiceLifecycleDefinitionPath, invoiceLifecycleTasks } from '../../workflows/invoice-lifecycle.js';

interface AslState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  HeartbeatSecondsPath?: string;
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; MaxDelaySeconds?: number; JitterStrategy?: string }[];
  Branches?: AslMachine[];
  Iterator?: AslMachine;
  ItemProcessor?: AslMachine;
}

interface AslMachine {
  States: Record<string, AslState>;
}

/** Every state, including those inside Parallel branches and Map iterators, by a path-like name. */
function allStates(machine: AslMachine, prefix = ''): [string, AslState][] {
  return Object.entries(machine.States).flatMap(([name, state]) => {
    const path = `${prefix}${name}`;
    const nested = [...(state.Branches ?? []), ...(state.Iterator ? [state.Iterator] : []), ...(state.ItemProcessor ? [state.ItemProcessor] : [])];
    return [[path, state] as [string, AslState], ...nested.flatMap((child, index) => allStates(child, `${path}[${index}]/`))];
  });
}

/**
 * A Task that waits for a task token waits forever on real Step Functions unless it has a timeout (or a
 * heartbeat), and the timeout must be caught, or the whole execution fails instead of taking the
 * "nobody answered" path.
 */
function waitForTokenProblems(machine: AslMachine): string[] {
  return allStates(machine)
    .filter(([, state]) => state.Type === 'Task' && state.Resource?.endsWith('.waitForTaskToken'))
    .flatMap(([name, state]) => {
      const problems: string[] = [];
      const bounded = [state.TimeoutSeconds, state.TimeoutSecondsPath, state.HeartbeatSeconds, state.HeartbeatSecondsPath].some((value) => value !== undefined);
      if (!bounded) problems.push(`${name}: .waitForTaskToken without TimeoutSeconds or HeartbeatSeconds`);
      const caught = (state.Catch ?? []).some((catcher) => catcher.ErrorEquals.some((error) => ['States.Timeout', 'States.HeartbeatTimeout', 'States.ALL'].includes(error)));
      if (!caught) problems.push(`${name}: .waitForTaskToken without a Catch for its timeout`);
      return problems;
    });
}

const definition = JSON.parse(readFileSync(invoiceLifecycleDefinitionPath, 'utf8')) as AslMachine;

describe('the invoice lifecycle definition', () => {
  it('bounds and catches every .waitForTaskToken task', () => {
    const tasks = allStates(definition).filter(([, state]) => state.Type === 'Task');
    // Guard against a scanner that silently looks at nothing.
    assert.ok(tasks.length >= Object.keys(invoiceLifecycleTasks).length, `found ${tasks.length} Task states`);
    assert.deepEqual(waitForTokenProblems(definition), []);
  });

  it('the check finds unbounded or uncaught token waits, nested ones included', () => {
    const waiting = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken' };
    const machine: AslMachine = {
      States: {
        Unbounded: { ...waiting, Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'X' }] },
        Uncaught: { ...waiting, TimeoutSeconds: 60 },
        Fine: { ...waiting, HeartbeatSeconds: 60, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'X' }] },
        Fork: { Type: 'Parallel', Branches: [{ States: { Inner: { ...waiting } } }] },
        Loop: { Type: 'Map', ItemProcessor: { States: { Item: { ...waiting, TimeoutSeconds: 5 } } } },
      },
    };
    assert.deepEqual(waitForTokenProblems(machine), [
      'Unbounded: .waitForTaskToken without TimeoutSeconds or HeartbeatSeconds',
      'Uncaught: .waitForTaskToken without a Catch for its timeout',
      'Fork[0]/Inner: .waitForTaskToken without TimeoutSeconds or HeartbeatSeconds',
      'Fork[0]/Inner: .waitForTaskToken without a Catch for its timeout',
      'Loop[0]/Item: .waitForTaskToken without a Catch for its timeout',
    ]);
  });

  it('retries SES throttling in the tasks that email for up to about 45 minutes, jittered, before any other task failure retrier', () => {
    for (const name of ['SendNotice', 'RequestApproval']) {
      const retry = definition.States[name]?.Retry ?? [];
      const throttled = retry.findIndex((retrier) => retrier.ErrorEquals.includes('TooManyRequestsException'));
      const taskFailed = retry.findIndex((retrier) => retrier.ErrorEquals.includes('States.TaskFailed'));
      assert.ok(throttled >= 0 && throttled < taskFailed, `${name}: the first matching retrier wins, so SES throttling must come before States.TaskFailed`);
      const { IntervalSeconds = 1, MaxAttempts = 3, BackoffRate = 2, MaxDelaySeconds = Infinity, JitterStrategy } = retry[throttled]!;
      const longestWait = Array.from({ length: MaxAttempts }, (_, attempt) => Math.min(IntervalSeconds * BackoffRate ** attempt, MaxDelaySeconds)).reduce((sum, wait) => sum + wait, 0);
      assert.equal(longestWait, 2_730, `${name}: 30 s doubling to 10 minutes, 8 attempts`);
      assert.equal(JitterStrategy, 'FULL', `${name}: throttled sends of one burst must not come back in step`);
    }
  });

  it('uses exactly the substitutions the CDK app fills in', () => {
    const placeholders = new Set([...readFileSync(invoiceLifecycleDefinitionPath, 'utf8').matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]));
    assert.deepEqual(placeholders, new Set(Object.keys(invoiceLifecycleTasks)));
  });
});
