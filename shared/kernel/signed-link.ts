import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Links in emails: an opaque random id, an expiry and an HMAC-SHA256 signature over both with the
 * tenant's link key. A changed id or expiry fails the signature; an old link fails the expiry; the
 * stored link record makes it single-use.
 */
export function newLinkId(): string {
  return randomBytes(18).toString('base64url');
}

export function newLinkKey(): string {
  return randomBytes(32).toString('base64url');
}

export function signLink(key: string, linkId: string, expiresAt: number): string {
  return createHmac('sha256', Buffer.from(key, 'base64url')).update(`${linkId}.${expiresAt}`).digest('base64url');
}

export function linkSignatureMatches(key: string, linkId: string, expiresAt: number, signature: string): boolean {
  const expected = Buffer.from(signLink(key, linkId, expiresAt));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
