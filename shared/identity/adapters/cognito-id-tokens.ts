import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { Fetcher } from 'aws-jwt-verify/https';
import type { PersonTokens } from '../person-tokens.port.js';
import { principalOfClaims, type Principal } from '../principal.js';

/**
 * aws-jwt-verify's own fetcher speaks HTTPS only; the local user pool (cognito-local) serves its keys
 * over loopback HTTP. This one uses fetch for both, so the same verifier runs in Lambda and locally.
 */
const fetchFetcher: Fetcher = {
  fetch: async (uri) => {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`GET ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  },
};

/**
 * Cognito ID tokens verified with aws-jwt-verify: RS256 signature against the pool's JWKS
 * (`<issuer>/.well-known/jwks.json`, cached), the issuer, the app client (`aud`), expiry, and
 * `token_use: id` (the ID token carries the tenant attribute and the groups; access tokens do not).
 */
export class CognitoIdTokens implements PersonTokens {
  private readonly verifier;

  constructor(settings: { issuer: string; clientId: string }) {
    this.verifier = JwtVerifier.create(
      {
        issuer: settings.issuer,
        audience: settings.clientId,
        jwksUri: `${settings.issuer}/.well-known/jwks.json`,
        customJwtCheck: ({ payload }) => {
          if (payload['token_use'] !== 'id') throw new Error('not an ID token');
        },
      },
      { jwksCache: new SimpleJwksCache({ fetcher: fetchFetcher }) },
    );
  }

  async verify(token: string): Promise<Principal | undefined> {
    try {
      const claims = await this.verifier.verify(token);
      return principalOfClaims(claims as Record<string, unknown>);
    } catch {
      return undefined;
    }
  }
}
