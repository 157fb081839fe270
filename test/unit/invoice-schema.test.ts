import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invoiceContentHash, invoiceInputSchema, newInvoice } from '../../shared/invoicing/index.js';
import { fieldIssues } from '../../shared/kernel/index.js';
import type { FieldIssue } from '../../shared/kernel/index.js';
import { contractExample, invoiceInput } from './fixtures.js';

/** The field issues of an input that must be rejected. */
function issuesOf(input: unknown): FieldIssue[] {
  const result = invoiceInputSchema.safeParse(input);
  assert.equal(result.success, false, 'expected the input to be rejected');
  return result.success ? [] : fieldIssues(result.error);
}

function pathsOf(input: unknown): string[] {
  return [...new Set(issuesOf(input).map((issue) => issue.path))];
}

function withCustomer(change: Record<string, unknown>) {
  const example = contractExample();
  return { ...example, customer: { ...example.customer, ...change } };
}

function without<T extends Record<string, unknown>>(value: T, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...value };
  delete copy[key];
  return copy;
}

describe('invoiceInputSchema: the contract example', () => {
  it('accepts the POST /invoices contract example unchanged', () => {
    const result = invoiceInputSchema.safeParse(contractExample());
    assert.equal(result.success, true);
    assert.deepEqual(result.data, contractExample());
  });

  it('accepts an invoice without the optional fields (time zone, locale, PO number, payment link, metadata)', () => {
    const example = contractExample();
    const minimal = {
      ...without(without(without(example, 'poNumber'), 'paymentLinkUrl'), 'metadata'),
      customer: { id: 'C-1', name: 'Acme GmbH', email: 'ap@acme.example' },
    };
    assert.equal(invoiceInputSchema.safeParse(minimal).success, true);
  });

  it('accepts an invoice due on its issue date', () => {
    assert.equal(invoiceInputSchema.safeParse({ ...contractExample(), dueDate: '2026-11-01' }).success, true);
  });
});

describe('invoiceInputSchema: rejects bad input with the field path', () => {
  it('rejects amount "12" (a string) at path amount with "must be a number of minor units"', () => {
    assert.deepEqual(issuesOf({ ...contractExample(), amount: '12' }), [{ path: 'amount', message: 'must be a number of minor units' }]);
  });

  it('says "is required" for a missing amount, due date, customer and customer email', () => {
    assert.deepEqual(issuesOf(without(contractExample(), 'amount')), [{ path: 'amount', message: 'is required' }]);
    assert.deepEqual(issuesOf(without(contractExample(), 'dueDate')), [{ path: 'dueDate', message: 'is required' }]);
    assert.deepEqual(issuesOf(without(contractExample(), 'customer')), [{ path: 'customer', message: 'is required' }]);
    assert.deepEqual(issuesOf({ ...contractExample(), customer: without(contractExample().customer, 'email') }), [
      { path: 'customer.email', message: 'is required' },
    ]);
  });

  it('says "is required" for an empty or blank invoice number and customer name', () => {
    // A blank number also fails the character rule; what matters is that "is required" is said, at the right path.
    const blankNumber = issuesOf({ ...contractExample(), invoiceNumber: '   ' });
    assert.deepEqual(pathsOf({ ...contractExample(), invoiceNumber: '   ' }), ['invoiceNumber']);
    assert.ok(blankNumber.some((issue) => issue.message === 'is required'), JSON.stringify(blankNumber));
    assert.deepEqual(issuesOf(withCustomer({ name: '' })), [{ path: 'customer.name', message: 'is required' }]);
  });

  it('names every missing field of an empty body', () => {
    assert.deepEqual(pathsOf({}).sort(), ['amount', 'currency', 'customer', 'dueDate', 'invoiceNumber', 'issueDate']);
  });

  it('rejects a body that is not an object at path (body)', () => {
    assert.deepEqual(pathsOf(null), ['(body)']);
    assert.deepEqual(pathsOf([]), ['(body)']);
  });

  it('rejects negative, zero and fractional amounts at path amount', () => {
    assert.deepEqual(issuesOf({ ...contractExample(), amount: -1 }), [{ path: 'amount', message: 'must be greater than zero' }]);
    assert.deepEqual(issuesOf({ ...contractExample(), amount: 0 }), [{ path: 'amount', message: 'must be greater than zero' }]);
    assert.deepEqual(issuesOf({ ...contractExample(), amount: 12.5 }), [
      { path: 'amount', message: 'must be an integer number of minor units (e.g. cents)' },
    ]);
  });

  it('rejects an amount beyond Number.MAX_SAFE_INTEGER, which would not stay exact', () => {
    assert.deepEqual(pathsOf({ ...contractExample(), amount: Number.MAX_SAFE_INTEGER + 1 }), ['amount']);
    assert.equal(invoiceInputSchema.safeParse({ ...contractExample(), amount: Number.MAX_SAFE_INTEGER }).success, true);
  });

  it('rejects an unknown currency (XXZ) at path currency', () => {
    assert.deepEqual(issuesOf({ ...contractExample(), currency: 'XXZ' }), [{ path: 'currency', message: 'is not a known ISO 4217 currency' }]);
  });

  it('rejects a lower-case currency (eur) at path currency and asks for upper case', () => {
    const issues = issuesOf({ ...contractExample(), currency: 'eur' });
    assert.deepEqual([...new Set(issues.map((issue) => issue.path))], ['currency']);
    assert.ok(issues.some((issue) => issue.message.includes('upper case')), JSON.stringify(issues));
  });

  it('rejects a due date before the issue date at path dueDate', () => {
    assert.deepEqual(issuesOf({ ...contractExample(), dueDate: '2026-10-31' }), [{ path: 'dueDate', message: 'must not be before issueDate' }]);
  });

  it('rejects impossible dates (2026-02-30, 2026-13-01, 2027-02-29) at their paths', () => {
    assert.deepEqual(issuesOf({ ...contractExample(), issueDate: '2026-02-01', dueDate: '2026-02-30' }), [
      { path: 'dueDate', message: 'is not a real calendar date' },
    ]);
    assert.deepEqual(pathsOf({ ...contractExample(), dueDate: '2026-13-01' }), ['dueDate']);
    assert.deepEqual(pathsOf({ ...contractExample(), dueDate: '2027-02-29' }), ['dueDate']);
  });

  it('rejects dates that are not YYYY-MM-DD (a timestamp, 1.12.2026) at their paths', () => {
    assert.deepEqual(issuesOf({ ...contractExample(), dueDate: '2026-12-01T00:00:00Z' }), [
      { path: 'dueDate', message: 'must be a date as YYYY-MM-DD' },
    ]);
    assert.deepEqual(pathsOf({ ...contractExample(), issueDate: '1.11.2026' }), ['issueDate']);
  });

  it('accepts the leap day 2028-02-29', () => {
    assert.equal(invoiceInputSchema.safeParse({ ...contractExample(), issueDate: '2028-02-01', dueDate: '2028-02-29' }).success, true);
  });

  it('rejects a bad email at path customer.email', () => {
    assert.deepEqual(issuesOf(withCustomer({ email: 'not-an-email' })), [{ path: 'customer.email', message: 'must be an email address' }]);
    assert.deepEqual(pathsOf(withCustomer({ email: 'ap@' })), ['customer.email']);
  });

  it('rejects a time zone that does not exist at path customer.timezone', () => {
    assert.deepEqual(issuesOf(withCustomer({ timezone: 'Mars/Olympus_Mons' })), [
      { path: 'customer.timezone', message: 'must be an IANA time zone, e.g. Europe/Berlin' },
    ]);
  });

  it('rejects a malformed locale at path customer.locale', () => {
    assert.deepEqual(pathsOf(withCustomer({ locale: 'not a locale' })), ['customer.locale']);
  });

  it('rejects payment links that are not http(s): ftp://, javascript: and a bare word', () => {
    for (const url of ['ftp://pay.example/i/1001', 'javascript:alert(1)', 'pay here']) {
      assert.deepEqual(issuesOf({ ...contractExample(), paymentLinkUrl: url }), [{ path: 'paymentLinkUrl', message: 'must be an http(s) URL' }], url);
    }
  });

  it('accepts an invoice number of 64 characters and rejects one of 65 at path invoiceNumber', () => {
    assert.equal(invoiceInputSchema.safeParse({ ...contractExample(), invoiceNumber: 'A'.repeat(64) }).success, true);
    assert.deepEqual(issuesOf({ ...contractExample(), invoiceNumber: 'A'.repeat(65) }), [
      { path: 'invoiceNumber', message: 'must be at most 64 characters' },
    ]);
  });

  it('rejects invoice numbers with characters outside letters, digits and . / # : _ - (spaces inside, quotes, emoji)', () => {
    for (const invoiceNumber of ['INV 1001', 'INV"1', 'INV-💸']) {
      assert.deepEqual(pathsOf({ ...contractExample(), invoiceNumber }), ['invoiceNumber'], invoiceNumber);
    }
    assert.equal(invoiceInputSchema.safeParse({ ...contractExample(), invoiceNumber: '2026/INV#7:a_b.c-d' }).success, true);
  });

  it('reports several bad fields at once, each at its own path', () => {
    const example = contractExample();
    const bad = { ...example, amount: -5, currency: 'XXZ', customer: { ...example.customer, email: 'nope' } };
    assert.deepEqual(pathsOf(bad).sort(), ['amount', 'currency', 'customer.email']);
  });
});

describe('invoiceInputSchema: normalisation', () => {
  it('lower-cases the customer email', () => {
    assert.equal(invoiceInputSchema.parse(withCustomer({ email: 'AP@Acme.Example' })).customer.email, 'ap@acme.example');
  });

  it('trims the invoice number, PO number, customer id and customer name', () => {
    const parsed = invoiceInputSchema.parse({
      ...withCustomer({ id: ' C-1 ', name: '  Acme GmbH\t' }),
      invoiceNumber: '  INV-1001 ',
      poNumber: ' PO-7  ',
    });
    assert.equal(parsed.invoiceNumber, 'INV-1001');
    assert.equal(parsed.poNumber, 'PO-7');
    assert.equal(parsed.customer.id, 'C-1');
    assert.equal(parsed.customer.name, 'Acme GmbH');
  });

  it(
    'trims surrounding whitespace from the customer email like the other strings',
    () => {
      const result = invoiceInputSchema.safeParse(withCustomer({ email: ' AP@acme.example ' }));
      assert.equal(result.success, true, result.success ? '' : JSON.stringify(fieldIssues(result.error)));
      assert.equal(result.data?.customer.email, 'ap@acme.example');
    },
  );
});

describe('invoiceContentHash', () => {
  it('is the same for the same invoice posted with keys in another order', () => {
    const example = contractExample();
    const reordered = JSON.parse(
      JSON.stringify({
        metadata: {},
        poNumber: 'PO-7',
        paymentLinkUrl: example.paymentLinkUrl,
        amount: 125000,
        currency: 'EUR',
        dueDate: '2026-12-01',
        issueDate: '2026-11-01',
        customer: { locale: 'de-DE', timezone: 'Europe/Berlin', email: 'ap@acme.example', name: 'Acme GmbH', id: 'C-1' },
        invoiceNumber: 'INV-1001',
      }),
    );
    assert.equal(invoiceContentHash(invoiceInputSchema.parse(reordered)), invoiceContentHash(invoiceInputSchema.parse(example)));
  });

  it('is the same when nested metadata keys come in another order', () => {
    const a = invoiceInput({ metadata: { erp: { system: 'sap', id: 7 }, region: 'eu' } });
    const b = invoiceInput({ metadata: { region: 'eu', erp: { id: 7, system: 'sap' } } });
    assert.equal(invoiceContentHash(a), invoiceContentHash(b));
  });

  it('is the same after normalisation (an upper-case email, padded invoice number)', () => {
    const padded = invoiceInputSchema.parse({ ...withCustomer({ email: 'AP@ACME.example' }), invoiceNumber: ' INV-1001 ' });
    assert.equal(invoiceContentHash(padded), invoiceContentHash(invoiceInput()));
  });

  it('differs when the amount, due date, customer email or metadata differ', () => {
    const base = invoiceContentHash(invoiceInput());
    const variants = [
      invoiceInput({ amount: 125001 }),
      invoiceInput({ dueDate: '2026-12-02' }),
      invoiceInputSchema.parse(withCustomer({ email: 'other@acme.example' })),
      invoiceInput({ metadata: { note: 'x' } }),
    ].map(invoiceContentHash);
    for (const hash of variants) assert.notEqual(hash, base);
    assert.equal(new Set(variants).size, variants.length);
  });

  it('is a hex SHA-256 digest', () => {
    assert.match(invoiceContentHash(invoiceInput()), /^[0-9a-f]{64}$/);
  });
});

describe('newInvoice', () => {
  it('sets balance to the amount, status open, revision 1 and both timestamps to now', () => {
    const input = invoiceInput();
    const now = new Date('2026-11-01T10:00:00.000Z');
    const invoice = newInvoice('acme', input, now);
    assert.equal(invoice.tenantId, 'acme');
    assert.equal(invoice.balance, 125000);
    assert.equal(invoice.status, 'open');
    assert.equal(invoice.revision, 1);
    assert.equal(invoice.createdAt, '2026-11-01T10:00:00.000Z');
    assert.equal(invoice.updatedAt, '2026-11-01T10:00:00.000Z');
    assert.equal(invoice.contentHash, invoiceContentHash(input));
    assert.equal(invoice.invoiceNumber, 'INV-1001');
    assert.equal(invoice.workflowError, undefined);
  });
});
