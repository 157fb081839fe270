import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A signing secret: `whsec_` and 32 random bytes in base64, as the Standard Webhooks spec writes them. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** A secret in use; a rotated-out one keeps signing until `validUntil` (the overlap). */
export interface SigningSecret {
  secret: string;
  validUntil?: string;
}

/** The secrets that sign a delivery at `now`: the current one and any still in their overlap. */
export function activeSecrets(secrets: readonly SigningSecret[], now: Date): string[] {
  return secrets.filter((entry) => entry.validUntil === undefined || Date.parse(entry.validUntil) > now.getTime()).map((entry) => entry.secret);
}

/**
 * The Standard Webhooks headers for one delivery attempt (webhook-id stays the same across retries so a
 * receiver can drop repeats). During a rotation the signature header carries one `v1,<sig>` per active
 * secret, space-separated, as the spec allows: a receiver on either secret verifies.
 */
export function signedHeaders(messageId: string, at: Date, payload: string, secrets: readonly string[]): Record<string, string> {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, at, payload));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
