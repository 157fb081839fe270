import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EPC_LIMITS, epcQrPayload } from '../../shared/kernel/index.js';

describe('epcQrPayload (EPC069-12)', () => {
  // The sample usually quoted with the guidelines (Wikipedia, "EPC QR code"); the EPC document itself was not at hand offline.
  it("reproduces the Belgian Red Cross sample: EUR 1, purpose CHAR, text 'Urgency fund' (version 001, BIC required)", () => {
    const payload = epcQrPayload({ version: '001', bic: 'BPOTBEB1', name: 'Red Cross of Belgium', iban: 'BE72000000001616', amountCents: 100, purpose: 'CHAR', text: 'Urgency fund', information: 'Sample EPC QR code' });
    assert.equal(payload, ['BCD', '001', '1', 'SCT', 'BPOTBEB1', 'Red Cross of Belgium', 'BE72000000001616', 'EUR1', 'CHAR', '', 'Urgency fund', 'Sample EPC QR code'].join('\n'));
  });

  it('puts an RF reference in the structured field (line 10) and leaves the text empty; trailing empty lines are dropped', () => {
    const payload = epcQrPayload({ name: 'Acme GmbH', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', amountCents: 125000, reference: 'RF18 5390 0754 7034' });
    assert.deepEqual(payload.split('\n'), ['BCD', '002', '1', 'SCT', 'COBADEFFXXX', 'Acme GmbH', 'DE89370400440532013000', 'EUR1250', '', 'RF18539007547034']);
  });

  it('leaves the BIC out in version 002 when there is none, and writes cents with two decimals', () => {
    const lines = epcQrPayload({ name: 'Acme', iban: 'DE89370400440532013000', amountCents: 123405, reference: 'RF45G72UUR' }).split('\n');
    assert.equal(lines[4], '');
    assert.equal(lines[7], 'EUR1234.05');
  });

  it('puts a reference of another scheme (Swiss QR reference) in the unstructured text', () => {
    const lines = epcQrPayload({ name: 'Acme', iban: 'DE89370400440532013000', reference: '210000000003139471430009017' }).split('\n');
    assert.deepEqual(lines.slice(7), ['', '', '', '210000000003139471430009017']);
  });

  it('keeps to the limits: amounts above 999999999.99 are left for the payer to type, a name over 70 or text over 140 characters are refused', () => {
    assert.equal(epcQrPayload({ name: 'Acme', iban: 'DE89370400440532013000', amountCents: EPC_LIMITS.maxAmountCents }).split('\n')[7], 'EUR999999999.99');
    assert.equal(epcQrPayload({ name: 'Acme', iban: 'DE89370400440532013000', amountCents: EPC_LIMITS.maxAmountCents + 1 }).split('\n')[7], undefined);
    assert.throws(() => epcQrPayload({ name: 'x'.repeat(71), iban: 'DE89370400440532013000' }), /1 to 70/);
    assert.throws(() => epcQrPayload({ name: 'Acme', iban: 'DE89370400440532013000', text: 'y'.repeat(141) }), /140/);
    assert.throws(() => epcQrPayload({ name: 'Acme', iban: 'DE89370400440532013001' }), /valid IBAN/);
    assert.throws(() => epcQrPayload({ version: '001', name: 'Acme', iban: 'DE89370400440532013000' }), /needs the BIC/);
  });

  it('always stays within 331 bytes and 12 lines for any name, amount and RF reference within the limits', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 70 }).filter((name) => name.trim() !== '' && !/[\r\n]/.test(name)), fc.integer({ min: 1, max: EPC_LIMITS.maxAmountCents }), (name, cents) => {
        const payload = epcQrPayload({ name, iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', amountCents: cents, reference: 'RF18000000000539007547034' });
        assert.ok(Buffer.byteLength(payload) <= 331);
        assert.ok(payload.split('\n').length <= 12);
        assert.match(payload.split('\n')[7]!, /^EUR\d{1,9}(\.\d{2})?$/);
      }),
    );
  });
});
