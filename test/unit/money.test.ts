import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatMoney, isKnownCurrency, minorToDecimalString, minorUnitDigits } from '../../shared/kernel/index.js';

const NBSP = '\u00a0';

describe('minorUnitDigits', () => {
  it('knows EUR and USD have 2 minor digits, JPY and KRW 0, BHD and KWD 3, ISK 0 and CLF 4', () => {
    assert.deepEqual(
      ['EUR', 'USD', 'JPY', 'KRW', 'BHD', 'KWD', 'ISK', 'CLF'].map((code) => [code, minorUnitDigits(code)]),
      [['EUR', 2], ['USD', 2], ['JPY', 0], ['KRW', 0], ['BHD', 3], ['KWD', 3], ['ISK', 0], ['CLF', 4]],
    );
  });

  it(
    'uses the ISO 4217 minor unit for currencies where ICU display digits differ (HUF, IDR, COP, IRR, LBP, ALL have 2; IQD has 3)',
    () => {
      assert.deepEqual(
        ['HUF', 'IDR', 'COP', 'IRR', 'LBP', 'ALL', 'IQD'].map((code) => [code, minorUnitDigits(code)]),
        [['HUF', 2], ['IDR', 2], ['COP', 2], ['IRR', 2], ['LBP', 2], ['ALL', 2], ['IQD', 3]],
      );
    },
  );
});

describe('minorToDecimalString', () => {
  it('writes 1 cent as 0.01 EUR and 0 as 0.00 EUR', () => {
    assert.equal(minorToDecimalString(1, 'EUR'), '0.01');
    assert.equal(minorToDecimalString(10, 'EUR'), '0.10');
    assert.equal(minorToDecimalString(0, 'EUR'), '0.00');
    assert.equal(minorToDecimalString(125000, 'EUR'), '1250.00');
  });

  it('writes yen without a decimal point (5 JPY → "5")', () => {
    assert.equal(minorToDecimalString(5, 'JPY'), '5');
    assert.equal(minorToDecimalString(0, 'JPY'), '0');
    assert.equal(minorToDecimalString(1234567, 'JPY'), '1234567');
  });

  it('writes Icelandic krónur without a decimal point (500 ISK → "500")', () => {
    assert.equal(minorToDecimalString(500, 'ISK'), '500');
  });

  it('writes three decimals for BHD (1234567 → "1234.567", 1 → "0.001")', () => {
    assert.equal(minorToDecimalString(1234567, 'BHD'), '1234.567');
    assert.equal(minorToDecimalString(1, 'BHD'), '0.001');
  });

  it('stays exact for large amounts where dividing by 100 would not (900719925474099, MAX_SAFE_INTEGER, 7205759403792793)', () => {
    assert.equal(minorToDecimalString(900719925474099, 'EUR'), '9007199254740.99');
    assert.equal(minorToDecimalString(Number.MAX_SAFE_INTEGER, 'EUR'), '90071992547409.91');
    assert.equal(minorToDecimalString(7205759403792793, 'EUR'), '72057594037927.93');
  });

  it('puts the sign in front of negative amounts (-5 cents → "-0.05")', () => {
    assert.equal(minorToDecimalString(-5, 'EUR'), '-0.05');
    assert.equal(minorToDecimalString(-125000, 'EUR'), '-1250.00');
  });

  it(
    'writes Hungarian forint in fillér as ISO 4217 defines them (125000 HUF minor units → "1250.00"), and IQD with three decimals',
    () => {
      assert.equal(minorToDecimalString(125000, 'HUF'), '1250.00');
      assert.equal(minorToDecimalString(1234567, 'IQD'), '1234.567');
    },
  );
});

describe('formatMoney', () => {
  it('formats 125000 EUR cents as "1.250,00 €" in de-DE and "€1,250.00" in en-US', () => {
    assert.equal(formatMoney(125000, 'EUR', 'de-DE'), `1.250,00${NBSP}€`);
    assert.equal(formatMoney(125000, 'EUR', 'en-US'), '€1,250.00');
  });

  it('formats in en-US when no locale is given', () => {
    assert.equal(formatMoney(125000, 'USD'), '$1,250.00');
  });

  it('formats yen in ja-JP without decimals ("￥5", "￥1,234,567")', () => {
    assert.equal(formatMoney(5, 'JPY', 'ja-JP'), '￥5');
    assert.equal(formatMoney(1234567, 'JPY', 'ja-JP'), '￥1,234,567');
  });

  it('formats three-decimal BHD with all three decimals', () => {
    assert.equal(formatMoney(1234567, 'BHD', 'en-US'), `BHD${NBSP}1,234.567`);
  });

  it('formats large amounts exactly (no floating-point rounding of the last cent)', () => {
    assert.equal(formatMoney(900719925474099, 'EUR', 'de-DE'), `9.007.199.254.740,99${NBSP}€`);
    assert.equal(formatMoney(Number.MAX_SAFE_INTEGER, 'EUR', 'en-US'), '€90,071,992,547,409.91');
    // 7205759403792793 / 100 as a float formats as …927.94.
    assert.equal(formatMoney(7205759403792793, 'EUR', 'en-US'), '€72,057,594,037,927.93');
  });

  it('formats a single cent as 0,01 € in de-DE', () => {
    assert.equal(formatMoney(1, 'EUR', 'de-DE'), `0,01${NBSP}€`);
  });
});

describe('isKnownCurrency', () => {
  it('knows EUR, USD, JPY and BHD', () => {
    for (const code of ['EUR', 'USD', 'JPY', 'BHD']) assert.equal(isKnownCurrency(code), true, code);
  });

  it('rejects made-up codes (XYZ, XXZ), lower case (eur) and wrong lengths (EURO, empty)', () => {
    for (const code of ['XYZ', 'XXZ', 'eur', 'Eur', 'EURO', '']) assert.equal(isKnownCurrency(code), false, code);
  });
});
