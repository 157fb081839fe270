import type { Principal } from './principal.js';

/** Verifies a person's token (signature, issuer, audience, expiry) and names who it is; undefined for anything else. */
export interface PersonTokens {
  verify(token: string): Promise<Principal | undefined>;
}
