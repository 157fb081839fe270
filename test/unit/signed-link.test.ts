import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { linkSignatureMatches, newLinkId, newLinkKey, signLink } from '../../shared/kernel/index.js';

const key = newLinkKey();
const linkId = newLinkId();
const expiresAt = Date.parse('2026-12-18T07:00:00.000Z');
const signature = signLink(key, linkId, expiresAt);

/** The same string with its character at `index` replaced by another URL-safe one. */
function changeAt(value: string, index: number): string {
  const replacement = value[index] === 'A' ? 'B' : 'A';
  return value.slice(0, index) + replacement + value.slice(index + 1);
}

describe('signed links', () => {
  it('verifies a link it signed', () => {
    assert.equal(linkSignatureMatches(key, linkId, expiresAt, signature), true);
  });

  it('makes URL-safe ids and signatures (base64url)', () => {
    assert.match(linkId, /^[A-Za-z0-9_-]{24}$/);
    assert.match(signature, /^[A-Za-z0-9_-]{43}$/);
  });

  it('fails when the id changes', () => {
    assert.equal(linkSignatureMatches(key, changeAt(linkId, 0), expiresAt, signature), false);
    assert.equal(linkSignatureMatches(key, newLinkId(), expiresAt, signature), false);
  });

  it('fails when the expiry changes, even by a millisecond', () => {
    assert.equal(linkSignatureMatches(key, linkId, expiresAt + 1, signature), false);
    assert.equal(linkSignatureMatches(key, linkId, expiresAt + 86_400_000, signature), false);
  });

  it('fails when any character of the signature changes, or it is cut short, padded or empty', () => {
    for (let index = 0; index < signature.length; index++) {
      assert.equal(linkSignatureMatches(key, linkId, expiresAt, changeAt(signature, index)), false, `changed at ${index}`);
    }
    assert.equal(linkSignatureMatches(key, linkId, expiresAt, signature.slice(0, -1)), false);
    assert.equal(linkSignatureMatches(key, linkId, expiresAt, `${signature}A`), false);
    assert.equal(linkSignatureMatches(key, linkId, expiresAt, ''), false);
  });

  it("fails with another tenant's key", () => {
    assert.equal(linkSignatureMatches(newLinkKey(), linkId, expiresAt, signature), false);
  });

  it('signs the same link the same way every time, and different links differently', () => {
    assert.equal(signLink(key, linkId, expiresAt), signature);
    assert.notEqual(signLink(key, newLinkId(), expiresAt), signature);
  });
});
