import * as z from 'zod';
import type { ZodError } from 'zod';
import type { FieldIssue } from './errors.js';

// A missing field says so plainly, instead of zod's "expected string, received undefined".
z.config({ customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined) });

/** A schema-level message for a wrong type that still says "is required" when the field is missing. */
export function typeError(message: string) {
  return { error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : message) };
}

/** zod's issues as field paths and reasons, e.g. `{ path: "customer.email", message: "must be an email address" }`. */
export function fieldIssues(error: ZodError, prefix: (string | number)[] = []): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.') || '(body)',
    message: issue.message,
  }));
}
