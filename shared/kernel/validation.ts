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

/**
 * How deep objects and arrays nest in `value`, counted without recursion (a stack of our own), and
 * stopping as soon as it passes `limit`: JSON of 3,000 levels parses fine but overflows the call stack
 * of anything recursive that walks it later (canonical JSON, the DynamoDB marshaller).
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    deepest = Math.max(deepest, level);
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) pending.push({ value: child, depth: level });
  }
  return deepest;
}

/**
 * A free-form JSON object stored as it is (an invoice's `metadata`): bounded in depth first, and only
 * then in serialized size, because measuring the size (JSON.stringify) is itself recursive.
 */
export function boundedJsonObject(bounds: { maxDepth: number; maxBytes: number }) {
  return z.record(z.string().max(200, 'keys must be at most 200 characters'), z.unknown()).superRefine((value, context) => {
    if (nestingDepth(value, bounds.maxDepth) > bounds.maxDepth) {
      context.addIssue({ code: 'custom', message: `must nest at most ${bounds.maxDepth} levels deep` });
      return;
    }
    const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
    if (bytes > bounds.maxBytes) context.addIssue({ code: 'custom', message: `must be at most ${bounds.maxBytes} bytes as JSON (got ${bytes})` });
  });
}
