import assert from 'node:assert/strict';
import type { Mutation } from './corpus.js';

export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}
export type BatchResult = { status: number; outcome: string; error?: ErrorBody['error'] };

/** A 4xx (never a 5xx) whose issues name every mutated field with a reason. */
export function assertNamesEveryField(response: { status: number; body: ErrorBody }, mutations: Mutation[]): void {
  assert.ok(response.status >= 400 && response.status < 500, `a 4xx, got ${response.status}: ${JSON.stringify(response.body)}`);
  assertIssues(response.body.error, mutations);
}

export function assertIssues(error: ErrorBody['error'] | undefined, mutations: Mutation[]): void {
  assert.equal(error?.code, 'validation_failed', JSON.stringify(error));
  const issues = error?.issues ?? [];
  for (const { path } of mutations) {
    const issue = issues.find((candidate) => candidate.path === path || candidate.path.startsWith(`${path}.`));
    assert.ok(issue, `an issue at ${path}; got ${JSON.stringify(issues)}`);
    assert.ok(issue.message.trim().length > 0, `a reason for ${path}`);
  }
}
