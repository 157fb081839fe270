import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { executionName } from '../../shared/invoicing/index.js';

const allowed = /^[A-Za-z0-9_-]{1,80}$/;

describe('executionName', () => {
  it('is deterministic: the same tenant, number and revision give the same name', () => {
    assert.equal(executionName('acme', 'INV-1001', 1), executionName('acme', 'INV-1001', 1));
  });

  it('starts with a readable tenant and invoice number and ends with the revision', () => {
    const name = executionName('acme', 'INV-1001', 3);
    assert.match(name, /^acme-INV-1001-[0-9a-f]{16}-r3$/);
  });

  it('uses only [A-Za-z0-9-_] for numbers with / # : and . in them', () => {
    const name = executionName('acme', '2026/INV#7:a.b', 1);
    assert.match(name, allowed);
    assert.ok(name.startsWith('acme-2026_INV_7_a_b-'), name);
  });

  it('gives different names to numbers that sanitise to the same text (A/1, A_1, A.1, A:1)', () => {
    const names = ['A/1', 'A_1', 'A.1', 'A:1', 'A#1'].map((number) => executionName('acme', number, 1));
    assert.equal(new Set(names).size, names.length);
    for (const name of names) assert.match(name, allowed);
  });

  it('gives a different name per revision', () => {
    assert.notEqual(executionName('acme', 'INV-1001', 1), executionName('acme', 'INV-1001', 2));
  });

  it('gives a different name per tenant, also when tenant and number run together the same way (a + b-1 vs a-b + 1)', () => {
    assert.notEqual(executionName('acme', 'INV-1', 1), executionName('globex', 'INV-1', 1));
    assert.notEqual(executionName('a', 'b-1', 1), executionName('a-b', '1', 1));
  });

  it('stays within 80 characters for a 64-character invoice number and a 40-character tenant', () => {
    const tenant = 't'.repeat(40);
    const name = executionName(tenant, 'N'.repeat(64), 1);
    assert.ok(name.length <= 80, `${name.length}: ${name}`);
    assert.match(name, allowed);
    assert.ok(executionName(tenant, 'N'.repeat(64), 999_999).length <= 80);
  });

  it('tells apart 64-character invoice numbers that differ only after the readable prefix', () => {
    const a = executionName('acme', `${'N'.repeat(63)}A`, 1);
    const b = executionName('acme', `${'N'.repeat(63)}B`, 1);
    assert.notEqual(a, b);
    assert.ok(a.length <= 80 && b.length <= 80);
  });
});
