import { formatScopes, parseScopes, roleOfGroups, roles, scopesOfRole, type Role, type Scope } from './scopes.js';

/** Who is calling: a person signed in with Cognito, or a system with an API key. */
export interface Principal {
  tenantId: string;
  kind: 'user' | 'key';
  /** The person's email (or username), or the key's label: recorded as the actor of every change. */
  actor: string;
  /** A person's role; null for keys. */
  role: Role | null;
  scopes: Scope[];
}

/**
 * The authorizer's context as API Gateway passes it to the handlers (string values only, so it reads
 * the same after API Gateway's cache). `keyLabel` is kept for handlers and logs that read it before
 * people could sign in: it is the actor for keys and empty for people.
 */
export type PrincipalContext = { tenantId: string; kind: 'user' | 'key'; actor: string; role: string; scopes: string; keyLabel: string };

export function principalContext(principal: Principal): PrincipalContext {
  return {
    tenantId: principal.tenantId,
    kind: principal.kind,
    actor: principal.actor,
    role: principal.role ?? '',
    scopes: formatScopes(principal.scopes),
    keyLabel: principal.kind === 'key' ? principal.actor : '',
  };
}

/** The principal from an authorizer context; undefined without a tenant (a public route, or no authorizer). */
export function principalOfContext(context: Record<string, unknown> | undefined): Principal | undefined {
  const tenantId = context?.['tenantId'];
  if (typeof tenantId !== 'string' || tenantId === '') return undefined;
  const kind = context?.['kind'] === 'user' ? 'user' : 'key';
  const actor = typeof context?.['actor'] === 'string' && context['actor'] !== '' ? context['actor'] : typeof context?.['keyLabel'] === 'string' ? context['keyLabel'] : '';
  const role = roles.find((r) => r === context?.['role']) ?? null;
  // A context without scopes comes from an authorizer older than scopes (every key was admin then).
  const scopes = context?.['scopes'] === undefined ? (['admin'] as Scope[]) : parseScopes(context['scopes']);
  return { tenantId, kind, actor, role, scopes };
}

/** The custom attribute (a claim of the ID token) that names a person's tenant. */
export const tenantClaim = 'custom:tenantId';

/**
 * A person from the claims of a verified Cognito ID token: the tenant from `custom:tenantId`, the
 * role from `cognito:groups`, the actor from the email (or the username). No tenant, no principal.
 */
export function principalOfClaims(claims: Record<string, unknown>): Principal | undefined {
  const tenantId = claims[tenantClaim];
  if (typeof tenantId !== 'string' || tenantId === '') return undefined;
  const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].filter((g): g is string => typeof g === 'string') : [];
  const role = roleOfGroups(groups) ?? null;
  const actor = [claims['email'], claims['cognito:username'], claims['sub']].find((v): v is string => typeof v === 'string' && v !== '') ?? 'unknown user';
  return { tenantId, kind: 'user', actor, role, scopes: role ? scopesOfRole(role) : [] };
}
