import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type * as z from 'zod';
import { calendarDateSchema } from '../../shared/kernel/index.js';
import { customerProfileSchema } from '../../shared/customers/index.js';
import { digestSettingsSchema } from '../../shared/digest/index.js';
import { disputeRequestSchema, resolveDisputeRequestSchema } from '../../shared/disputes/index.js';
import { importProfileSchema } from '../../shared/imports/index.js';
import { invoiceInputSchema, METADATA_BOUNDS } from '../../shared/invoicing/index.js';
import { brandingSchema } from '../../shared/notices/index.js';
import { templateInputSchema } from '../../shared/notices/index.js';
import { allocationRequestSchema, paymentInputSchema, paymentRequestSchema } from '../../shared/payments/index.js';
import { paymentPlanRequestSchema } from '../../shared/payment-plans/index.js';
import { collectionPolicySchema } from '../../shared/policies/index.js';
import { disputeFormSchema, promiseFormSchema } from '../../shared/self-service/index.js';
import { closeTaskRequestSchema } from '../../shared/notices/index.js';
import { fieldIssues, nestingDepth } from '../../shared/kernel/index.js';
import { contractExample } from './fixtures.js';

/** Every schema that parses a request body (or a file row) whose values get stored. */
const requestSchemas: Record<string, z.ZodType> = {
  invoiceInputSchema,
  paymentInputSchema,
  paymentRequestSchema,
  allocationRequestSchema,
  collectionPolicySchema,
  customerProfileSchema,
  disputeRequestSchema,
  resolveDisputeRequestSchema,
  paymentPlanRequestSchema,
  importProfileSchema,
  templateInputSchema,
  brandingSchema,
  digestSettingsSchema,
  closeTaskRequestSchema,
  disputeFormSchema,
  promiseFormSchema,
};

interface Def {
  type: string;
  checks?: { _zod: { def: { check: string } } }[];
  [key: string]: unknown;
}
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;
const hasCheck = (def: Def, ...kinds: string[]) => (def.checks ?? []).some((check) => kinds.includes(check._zod.def.check));

/** The paths of strings and lists with no upper bound, and of records with no check of their own. */
function unbounded(schema: unknown, path: string, found: string[], seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return found;
  seen.add(schema);
  const def = defOf(schema);
  const walk = (child: unknown, at = path) => unbounded(child, at, found, seen);
  switch (def.type) {
    case 'string':
      if (!hasCheck(def, 'max_length', 'length_equals')) found.push(`${path} (string)`);
      break;
    case 'array':
      if (!hasCheck(def, 'max_length', 'length_equals')) found.push(`${path} (list)`);
      walk(def['element'], `${path}.*`);
      break;
    case 'record':
      // A record's size is bounded by a refinement of its own (key count, or depth and bytes).
      if ((def.checks ?? []).length === 0) found.push(`${path} (record)`);
      walk(def['keyType'], `${path}.<key>`);
      if (defOf(def['valueType']).type !== 'unknown') walk(def['valueType'], `${path}.*`);
      break;
    case 'object':
      for (const [key, child] of Object.entries(def['shape'] as Record<string, unknown>)) walk(child, path ? `${path}.${key}` : key);
      break;
    case 'union':
      for (const option of def['options'] as unknown[]) walk(option);
      break;
    case 'pipe':
      walk(def['in']);
      walk(def['out']);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      walk(def['innerType']);
      break;
    case 'unknown':
    case 'any':
      found.push(`${path} (${def.type})`);
      break;
    default: // numbers, booleans, enums, literals, transforms: bounded by their own checks or not stored as given
  }
  return found;
}

describe('request schemas: bounds on everything stored', () => {
  for (const [name, schema] of Object.entries(requestSchemas)) {
    it(`${name} bounds every string, list and record it accepts`, () => {
      assert.deepEqual(unbounded(schema, '', []), []);
    });
  }
});

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level++) value = { next: value };
  return value;
};
const issuesOf = (input: unknown) => {
  const result = invoiceInputSchema.safeParse(input);
  assert.equal(result.success, false, 'expected the invoice to be refused');
  return result.success ? [] : fieldIssues(result.error);
};

describe('invoiceInputSchema: metadata bounds', () => {
  it(`refuses metadata of 900 KB at metadata, naming the limit of ${METADATA_BOUNDS.maxBytes} bytes`, () => {
    const issues = issuesOf({ ...contractExample(), metadata: { blob: 'x'.repeat(900 * 1024) } });
    assert.deepEqual(issues.map((issue) => issue.path), ['metadata']);
    assert.match(issues[0]!.message, new RegExp(`at most ${METADATA_BOUNDS.maxBytes} bytes`));
  });

  it('refuses metadata nested 3,000 levels deep at metadata without overflowing the stack', () => {
    const issues = issuesOf({ ...contractExample(), metadata: { deep: nested(3000) } });
    assert.deepEqual(issues.map((issue) => issue.path), ['metadata']);
    assert.match(issues[0]!.message, new RegExp(`at most ${METADATA_BOUNDS.maxDepth} levels`));
  });

  it('accepts metadata exactly at the depth limit and just under the size limit', () => {
    assert.equal(invoiceInputSchema.safeParse({ ...contractExample(), metadata: nested(METADATA_BOUNDS.maxDepth) }).success, true);
    const blob = 'x'.repeat(METADATA_BOUNDS.maxBytes - '{"blob":""}'.length);
    assert.equal(invoiceInputSchema.safeParse({ ...contractExample(), metadata: { blob } }).success, true);
  });

  it('refuses metadata one level deeper than the limit, counting arrays as levels', () => {
    const deep = { list: [nested(METADATA_BOUNDS.maxDepth - 1)] };
    assert.deepEqual(issuesOf({ ...contractExample(), metadata: deep }).map((issue) => issue.path), ['metadata']);
  });

  it('counts nesting depth of 100,000 levels without recursion and stops at the limit', () => {
    assert.equal(nestingDepth(nested(100_000), 10), 11);
    assert.equal(nestingDepth('text', 10), 0);
    assert.equal(nestingDepth({ a: [1, { b: {} }] }, 10), 4);
  });
});

describe('calendar dates: 2000-01-01 to 2099-12-31', () => {
  it('refuses a due date of 9999-12-31 at dueDate, naming the range', () => {
    const issues = issuesOf({ ...contractExample(), dueDate: '9999-12-31' });
    assert.deepEqual(issues.map((issue) => issue.path), ['dueDate']);
    assert.match(issues[0]!.message, /between 2000-01-01 and 2099-12-31/);
  });

  it('refuses dates just outside the range and accepts the range ends', () => {
    for (const date of ['1999-12-31', '2100-01-01', '0001-01-01', '9999-12-31']) assert.equal(calendarDateSchema.safeParse(date).success, false, date);
    for (const date of ['2000-01-01', '2099-12-31', '2026-02-28']) assert.equal(calendarDateSchema.safeParse(date).success, true, date);
  });

  it('gives one reason for a date that is not YYYY-MM-DD (not also the range)', () => {
    const result = calendarDateSchema.safeParse('tomorrow');
    assert.equal(result.success, false);
    assert.equal(result.success ? 0 : result.error.issues.filter((issue) => /between/.test(issue.message)).length, 0);
  });

  it('refuses a payment dated 9999-12-31 at paidAt', () => {
    const result = paymentRequestSchema.safeParse({ invoiceNumber: 'INV-1', amount: 100, currency: 'EUR', paidAt: '9999-12-31' });
    assert.deepEqual(result.success ? [] : fieldIssues(result.error).map((issue) => issue.path), ['paidAt']);
  });
});
