import fc from 'fast-check';
import { rfReference } from '../../../shared/kernel/index.js';

/**
 * Generators of invalid input for the reliability suite: a valid record with one or more fields
 * replaced by something the contract refuses, each paired with the field path the answer must name.
 */
export interface Mutation {
  /** The field path the error must name, e.g. `customer.email`. */
  path: string;
  /** The value to put there; `undefined` removes the field. */
  value: unknown;
}

/** Anything that is not a string (JSON has no undefined: that is "missing", tested separately). */
export const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }));
export const notANumber = fc.oneof(fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.constant({}));
const missing = fc.constant(undefined);
const blank = fc.constantFrom('', ' ', '\t', '   ');
/** A string holding at least one character outside `allowed`, kept away from the ends (inputs are trimmed). */
const withCharOutside = (allowed: RegExp) =>
  fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom(' ', '?', '<', '>', '"', "'", '%', '&', 'é', ';', '(', '*', '\\', '+', '!', '{', '|'), fc.string({ maxLength: 6 })).map(
    ([before, bad, after]) => `A${before}${bad}${after}Z`,
  ).filter((value) => !allowed.test(value));
export const notADate = fc.oneof(
  fc.constantFrom('2026-02-30', '2026-13-01', '2026-00-10', '2026-1-01', '26-11-01', '2026/11/01', '01.11.2026', 'tomorrow', '', '2026-11-01T00:00:00Z', '+02026-01-01'),
  fc.string({ maxLength: 12 }).filter((value) => !/^\d{4}-\d{2}-\d{2}$/.test(value)),
);
export const notAnEmail = fc.oneof(fc.constantFrom('not-an-email', 'a@', '@b.example', 'a b@c.example', 'a@b@c.example', ''), fc.string({ maxLength: 20 }).filter((value) => !value.includes('@')));
export const notACurrency = fc.oneof(fc.constantFrom('eur', 'EUX', 'XYZ', 'ABC', 'EURO', 'E', '', '€', 'US$'), fc.stringMatching(/^[A-Z]{4,6}$/));
export const badAmount = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: 0 }),
  fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }).filter((value) => !Number.isInteger(value)),
  fc.constantFrom(2 ** 53, 1e20, Number.MAX_VALUE),
  notANumber,
);
/** Real dates outside 2000-01-01..2099-12-31: sentinels (9999-12-31) and typos of the century. */
export const outOfRangeDate = fc.oneof(
  fc.constantFrom('9999-12-31', '0001-01-01', '1999-12-31', '2100-01-01', '2206-11-01', '1026-11-01'),
  fc.date({ min: new Date('2100-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
);
/** JSON objects nested `levels` deep (as a JSON body parses: objects in objects, or arrays in between). */
export const deeplyNested = fc.integer({ min: 11, max: 3000 }).chain((levels) =>
  fc.boolean().map((withArrays) => {
    let value: unknown = 'leaf';
    for (let level = 0; level < levels; level++) value = withArrays && level % 2 === 1 ? [value] : { next: value };
    return { deep: value };
  }),
);
/** Metadata over its 16 KB bound, but small enough that six of them still fit one 1 MB batch request. */
export const oversizedMetadata = fc.integer({ min: 16 * 1024, max: 120 * 1024 }).map((bytes) => ({ blob: 'x'.repeat(bytes) }));
const longString = (min: number) => fc.string({ minLength: min + 1, maxLength: min + 20 }).map((value) => `X${value.trim()}${'y'.repeat(min)}`);

/** Payment references that are neither ISO 11649 nor Swiss QR references, or whose check digits are wrong. */
export const badPaymentReference = fc.oneof(
  fc.stringMatching(/^[A-Z0-9]{1,21}$/).map((body) => {
    const reference = rfReference(body);
    return `RF${String((Number(reference.slice(2, 4)) + 1) % 100).padStart(2, '0')}${body}`;
  }),
  fc.constantFrom('RF', 'RF18', 'RF18-5390', `RF00${'1'.repeat(22)}`, '210000000003139471430009018', '21000000000313947143000901', '0'.repeat(27), 'INV-1001', '', ' ', 'x'.repeat(65)),
);

/** The invalid values of each field of POST /invoices. */
export const invoiceFieldFaults: Record<string, fc.Arbitrary<unknown>> = {
  invoiceNumber: fc.oneof(missing, notAString, blank, longString(64), withCharOutside(/^[\w./#:-]+$/)),
  customer: fc.oneof(missing, fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 })),
  'customer.id': fc.oneof(missing, notAString, blank, longString(100)),
  'customer.name': fc.oneof(missing, notAString, blank, longString(200)),
  'customer.email': fc.oneof(missing, notAString, notAnEmail),
  'customer.timezone': fc.oneof(notAString, fc.constantFrom('Mars/Olympus', '', 'UTC+25', 'Europe/Atlantis', 'GMT+1:00')),
  'customer.locale': fc.oneof(notAString, fc.constantFrom('not a locale', '12345', '', 'x', 'en_US', 'i-klingon', 'de--DE')),
  'customer.accountOwner': fc.oneof(notAString, notAnEmail),
  issueDate: fc.oneof(missing, notAString, notADate, outOfRangeDate),
  dueDate: fc.oneof(missing, notAString, notADate, outOfRangeDate),
  currency: fc.oneof(missing, notAString, notACurrency),
  amount: fc.oneof(missing, badAmount),
  poNumber: fc.oneof(notAString, blank, longString(64)),
  paymentLinkUrl: fc.oneof(notAString, fc.constantFrom('javascript:alert(1)', 'ftp://files.example/x', 'not a url', 'data:text/html,<b>hi</b>', '//pay.example/x', '')),
  paymentReference: fc.oneof(notAString, badPaymentReference),
  metadata: fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), deeplyNested, oversizedMetadata),
  policy: fc.oneof(notAString, fc.constantFrom('Bad Name', 'UPPER', '-lead', '', 'x'.repeat(49), 'a_b')),
};

/** The invalid values of each field of POST /payments (single-invoice form). */
export const paymentFieldFaults: Record<string, fc.Arbitrary<unknown>> = {
  amount: fc.oneof(missing, badAmount),
  currency: fc.oneof(missing, notAString, notACurrency),
  paidAt: fc.oneof(missing, notAString, notADate, outOfRangeDate),
  method: fc.oneof(notAString, fc.constantFrom('bitcoin', 'CARD', '', 'wire')),
  reference: fc.oneof(notAString, longString(500)),
  customerId: fc.oneof(notAString, blank, longString(100)),
  invoiceNumber: fc.oneof(notAString, blank, longString(64), withCharOutside(/^[\w./#:-]+$/)),
  allocations: fc.oneof(
    notAString.filter((value) => !Array.isArray(value)),
    fc.constant([]),
    fc.constant(Array.from({ length: 21 }, (_, index) => ({ invoiceNumber: `A-${index}` }))),
  ),
};

/** The invalid values of each field of PUT /invoices/{invoiceNumber}: the invoice's (its number comes from the path) and its version. */
export const upsertFieldFaults: Record<string, fc.Arbitrary<unknown>> = {
  ...Object.fromEntries(Object.entries(invoiceFieldFaults).filter(([path]) => path !== 'invoiceNumber')),
  invoiceNumber: fc.constantFrom('ANOTHER-NUMBER', 'x'),
  sourceVersion: fc.oneof(notANumber, fc.integer({ min: -1_000_000, max: -1 }), fc.constantFrom(1.5, 2 ** 53)),
  sourceUpdatedAt: fc.oneof(notAString, fc.constantFrom('2026-12-01', 'yesterday', '2026-13-01T00:00:00Z', '2026-12-01 10:00', '')),
};

/** The invalid values of each field of POST /invoices/{invoiceNumber}/void. */
export const voidFieldFaults: Record<string, fc.Arbitrary<unknown>> = {
  reason: fc.oneof(missing, notAString, blank, fc.constantFrom('x', 'ab'), longString(2000)),
  by: fc.oneof(notAString, blank, longString(200)),
};

/** The invalid values of each field of PUT /policies/{name}. */
export const policyFieldFaults: Record<string, fc.Arbitrary<unknown>> = {
  stages: fc.oneof(missing, fc.string({ maxLength: 4 }), fc.constant(Array.from({ length: 21 }, (_, index) => ({ id: `s-${index}`, offsetDays: index })))),
  'stages.0.id': fc.oneof(missing, notAString, fc.constantFrom('final-notice', 'final-action', 'Has Space', 'UPPER', '', '-x', 'x'.repeat(49))),
  'stages.0.offsetDays': fc.oneof(missing, notANumber, fc.integer({ min: -10_000, max: -91 }), fc.integer({ min: 366, max: 10_000 }), fc.double({ min: -50, max: 50, noNaN: true }).filter((value) => !Number.isInteger(value))),
  'stages.0.template': fc.oneof(notAString, fc.constantFrom('rude', 'FRIENDLY', '')),
  'stages.0.subject': fc.oneof(notAString, blank, longString(200)),
  'sendingWindow.days': fc.oneof(fc.constant([]), fc.constant(['monday']), fc.constant(['mon', 'funday']), notAString.filter((value) => !Array.isArray(value))),
  'sendingWindow.startHour': fc.oneof(notANumber, fc.integer({ min: 24, max: 1000 }), fc.integer({ min: -1000, max: -1 }), fc.constant(9.5)),
  'sendingWindow.endHour': fc.oneof(notANumber, fc.integer({ min: 25, max: 1000 }), fc.integer({ min: -1000, max: 0 })),
  'sendingWindow.holidays': fc.oneof(notADate.map((date) => [date]), outOfRangeDate.map((date) => [date]), fc.string({ maxLength: 4 })),
  defaultTimezone: fc.oneof(notAString, fc.constantFrom('Mars/Olympus', '', 'UTC+25')),
  minimumBalance: fc.oneof(notANumber, fc.integer({ min: -1_000_000, max: -1 }), fc.constant(0.5)),
  onePerCustomerPerDay: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null)),
  segments: fc.oneof(fc.constant(['Not A Slug']), fc.constant(['x'.repeat(33)]), fc.string({ maxLength: 4 })),
  'escalation.afterDaysOverdue': fc.oneof(missing, notANumber, fc.integer({ min: 366, max: 10_000 }), fc.integer({ min: -100, max: -1 })),
  'escalation.approvers.emails': fc.oneof(notAnEmail.map((email) => [email]), fc.string({ maxLength: 4 })),
  'escalation.onTimeout': fc.oneof(notAString, fc.constantFrom('explode', 'APPROVE', '')),
  'grace.days': fc.oneof(notANumber, fc.integer({ min: 181, max: 10_000 }), fc.integer({ min: -100, max: -1 })),
  'grace.finalAction': fc.oneof(notAString, fc.constantFrom('sue', 'WRITE-OFF', '')),
};

/** One to `max` mutations on distinct fields, none inside another (so each path is reported on its own). */
export function mutationsOf(faults: Record<string, fc.Arbitrary<unknown>>, max = 3): fc.Arbitrary<Mutation[]> {
  const paths = Object.keys(faults);
  return fc
    .uniqueArray(fc.constantFrom(...paths), { minLength: 1, maxLength: max })
    .filter((chosen) => chosen.every((path) => !chosen.some((other) => other !== path && path.startsWith(`${other}.`))))
    .chain((chosen) => fc.tuple(...chosen.map((path) => faults[path]!.map((value): Mutation => ({ path, value })))));
}

/** A deep copy of `record` with the mutations applied (intermediate objects created as needed). */
export function applyMutations<T>(record: T, mutations: Mutation[]): T {
  const copy = structuredClone(record) as Record<string, unknown>;
  for (const { path, value } of mutations) {
    const parts = path.split('.');
    let target = copy as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) {
      if (typeof target[part] !== 'object' || target[part] === null) target[part] = /^\d+$/.test(part) ? [] : {};
      target = target[part] as Record<string, unknown>;
    }
    const last = parts.at(-1)!;
    if (value === undefined) delete target[last];
    else target[last] = value;
  }
  return copy as T;
}

/** Seeds are fixed so a failure replays; fast-check prints the seed and path of a failing run. */
export const propertySettings = (seed: number, numRuns: number) => ({ seed, numRuns, endOnFailure: true });

/** The invalid values of each field of POST /credit-notes. */
export const creditNoteFieldFaults: Record<string, fc.Arbitrary<unknown>> = {
  creditNoteNumber: fc.oneof(missing, notAString, blank, longString(64), withCharOutside(/^[\w./#:-]+$/)),
  customer: fc.oneof(missing, fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)),
  'customer.id': fc.oneof(missing, notAString, blank, longString(100)),
  currency: fc.oneof(missing, notAString, notACurrency),
  amount: fc.oneof(missing, badAmount),
  issueDate: fc.oneof(missing, notAString, notADate, outOfRangeDate),
  reason: fc.oneof(notAString, blank, longString(2000)),
  allocations: fc.oneof(
    notAString.filter((value) => !Array.isArray(value)),
    fc.constant([]),
    fc.constant(Array.from({ length: 21 }, (_, index) => ({ invoiceNumber: `A-${index}` }))),
    fc.constant([{ invoiceNumber: 'A-1' }, { invoiceNumber: 'A-1' }]),
  ),
  'allocations.0.invoiceNumber': fc.oneof(missing, notAString, blank, withCharOutside(/^[\w./#:-]+$/)),
  'allocations.0.amount': badAmount,
};
