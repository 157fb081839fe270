import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { creditorReferenceFor, formatPaymentReference, normalizePaymentReference, parsePaymentReference, paymentReferenceProblem, rfReference } from '../../shared/kernel/index.js';

describe('ISO 11649 creditor references', () => {
  it('accepts the published examples RF18539007547034, its zero-padded print RF18 0000 0000 0539 0075 4703 4 and RF45G72UUR', () => {
    // RF18539007547034: EPC142-08 (creditor reference implementation guidelines); RF45G72UUR: as quoted for ISO 11649 (Wikipedia). Both check with MOD 97-10.
    assert.deepEqual(parsePaymentReference('RF18539007547034'), { scheme: 'RF', reference: 'RF18539007547034' });
    assert.deepEqual(parsePaymentReference('RF18 0000 0000 0539 0075 4703 4'), { scheme: 'RF', reference: 'RF18000000000539007547034' });
    assert.deepEqual(parsePaymentReference('rf45 g72u ur'), { scheme: 'RF', reference: 'RF45G72UUR' });
  });

  it('computes the check digits of the examples from their bodies', () => {
    assert.equal(rfReference('539007547034'), 'RF18539007547034');
    assert.equal(rfReference('000000000539007547034'), 'RF18000000000539007547034');
    assert.equal(rfReference('G72UUR'), 'RF45G72UUR');
  });

  it('refuses wrong check digits, an empty body, a body over 21 characters and characters outside A-Z 0-9', () => {
    assert.equal(paymentReferenceProblem('RF19539007547034'), 'has wrong ISO 11649 check digits');
    assert.match(paymentReferenceProblem('RF18')!, /1 to 21 letters or digits/);
    assert.match(paymentReferenceProblem(`RF00${'1'.repeat(22)}`)!, /1 to 21 letters or digits/);
    assert.match(paymentReferenceProblem('RF18-5390')!, /1 to 21 letters or digits/);
    assert.equal(parsePaymentReference('RF19539007547034'), undefined);
  });

  // MOD 97-10 catches every substitution of a digit for a digit or a letter for a letter (the value
  // changes by less than 97 times a power of ten, and 97 is prime). A letter for a digit turns one digit
  // into two and shifts the rest, which it does not always catch (RF65VU0 → RF65VU0 with a letter for 0).
  it('finds every single-character change of a reference that keeps its kind (digit for digit, letter for letter)', () => {
    const digits = '0123456789';
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{1,21}$/), fc.nat(), fc.nat(), (body, at, pick) => {
        const reference = rfReference(body);
        const position = 4 + (at % body.length);
        const alphabet = digits.includes(reference[position]!) ? digits : letters;
        const char = alphabet[pick % alphabet.length]!;
        fc.pre(reference[position] !== char);
        const changed = reference.slice(0, position) + char + reference.slice(position + 1);
        assert.equal(parsePaymentReference(changed), undefined);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Swiss QR references', () => {
  it('accepts the example of SIX implementation guidelines, 21 00000 00003 13947 14300 09017', () => {
    assert.deepEqual(parsePaymentReference('21 00000 00003 13947 14300 09017'), { scheme: 'QRR', reference: '210000000003139471430009017' });
    assert.equal(formatPaymentReference('210000000003139471430009017'), '21 00000 00003 13947 14300 09017');
  });

  it('refuses a wrong check digit, 26 or 28 digits, and all zeros', () => {
    assert.equal(paymentReferenceProblem('210000000003139471430009018'), 'has a wrong Swiss QR reference check digit');
    assert.match(paymentReferenceProblem('21000000000313947143000901')!, /27 digits/);
    assert.match(paymentReferenceProblem('2100000000031394714300090170')!, /27 digits/);
    assert.match(paymentReferenceProblem('0'.repeat(27))!, /all zeros/);
  });

  it('catches every single-digit change (the recursive MOD 10 does)', () => {
    fc.assert(
      fc.property(fc.nat(26), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const reference = '210000000003139471430009017';
        const digit = (Number(reference[position]) + delta) % 10;
        assert.equal(parsePaymentReference(reference.slice(0, position) + digit + reference.slice(position + 1)), undefined);
      }),
    );
  });
});

describe('normalizePaymentReference', () => {
  it('strips spaces (also tabs and line breaks) and upper-cases, nothing else', () => {
    assert.equal(normalizePaymentReference(' rf18 5390\t0754\n7034 '), 'RF18539007547034');
    assert.equal(normalizePaymentReference('RF18000000000539007547034'), 'RF18000000000539007547034');
  });
});

describe('creditorReferenceFor', () => {
  const invoiceNumber = fc.stringMatching(/^[\w./#:-]{1,64}$/);
  const tenant = fc.stringMatching(/^[a-z0-9-]{1,20}$/);

  it('uses a number of upper-case letters and digits as the body: INV1001 → RF06INV1001', () => {
    assert.equal(creditorReferenceFor('acme', 'INV1001'), 'RF06INV1001');
    assert.equal(creditorReferenceFor('other', 'INV1001'), 'RF06INV1001');
  });

  it('hashes any other number into a 21-character body that differs per tenant', () => {
    const reference = creditorReferenceFor('acme', 'INV-2024-0001');
    assert.match(reference, /^RF\d{2}[A-Z0-9]{21}$/);
    assert.notEqual(creditorReferenceFor('other', 'INV-2024-0001'), reference);
  });

  it('always gives a valid ISO 11649 reference, already normalized', () => {
    fc.assert(
      fc.property(tenant, invoiceNumber, (tenantId, number) => {
        const reference = creditorReferenceFor(tenantId, number);
        assert.deepEqual(parsePaymentReference(reference), { scheme: 'RF', reference });
      }),
    );
  });

  it('is stable: the same tenant and number give the same reference (pinned values never change)', () => {
    fc.assert(fc.property(tenant, invoiceNumber, (tenantId, number) => assert.equal(creditorReferenceFor(tenantId, number), creditorReferenceFor(tenantId, number))));
    // Stored references were derived with these: a change of the rule would orphan them.
    assert.equal(creditorReferenceFor('acme', 'INV-2024-0001'), 'RF38O1JFUL2UT6KWXLMZCI1FJ');
    assert.equal(creditorReferenceFor('acme', 'INV1001'), 'RF06INV1001');
  });

  it('gives distinct numbers of one tenant distinct references', () => {
    fc.assert(
      fc.property(tenant, fc.uniqueArray(invoiceNumber, { minLength: 2, maxLength: 200 }), (tenantId, numbers) => {
        const references = numbers.map((number) => creditorReferenceFor(tenantId, number));
        assert.equal(new Set(references).size, numbers.length);
      }),
    );
  });

  it('never gives a readable body and a hashed body the same reference (they differ in length)', () => {
    fc.assert(
      fc.property(tenant, fc.stringMatching(/^[A-Z0-9]{1,20}$/), invoiceNumber, (tenantId, readable, other) => {
        fc.pre(readable !== other);
        assert.notEqual(creditorReferenceFor(tenantId, readable), creditorReferenceFor(tenantId, other));
      }),
    );
  });

  it('gives 100,000 sequential numbers of one tenant 100,000 references', () => {
    const references = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      references.add(creditorReferenceFor('acme', `INV-${i}`));
      references.add(creditorReferenceFor('acme', `INV${i}`));
    }
    assert.equal(references.size, 100_000);
  });
});
