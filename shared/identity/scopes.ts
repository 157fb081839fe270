/**
 * What a principal may do. Systems hold API keys with scopes; people hold a role (a Cognito group)
 * that maps to scopes. See docs/access.md.
 *
 * - `ingest`: the system of record's feeds (invoices, payments, credit notes, bank statements);
 * - `read`: every GET;
 * - `write`: every other change a collector makes (and the ingest routes: a collector may record a
 *   payment taken on the phone);
 * - `admin`: everything, including keys, policies, templates, branding and settings.
 */
export const scopes = ['ingest', 'read', 'write', 'admin'] as const;
export type Scope = (typeof scopes)[number];

/** What a route needs: a scope, or `any` for routes every signed-in principal may call (GET /me). */
export type RequiredScope = Scope | 'any';

export const roles = ['admin', 'collector', 'viewer'] as const;
export type Role = (typeof roles)[number];

const scopesByRole: Record<Role, readonly Scope[]> = {
  viewer: ['read'],
  collector: ['read', 'write'],
  admin: ['ingest', 'read', 'write', 'admin'],
};

export function scopesOfRole(role: Role): Scope[] {
  return [...scopesByRole[role]];
}

/**
 * The role of a person in several groups is the strongest one (admin > collector > viewer); a
 * person in none of them has no role and no scopes.
 */
export function roleOfGroups(groups: readonly string[]): Role | undefined {
  return roles.find((role) => groups.includes(role));
}

/**
 * Whether `granted` allows a route needing `required`. `admin` allows everything; `write` also
 * allows the ingest routes; otherwise the scope itself is needed (`write` does not imply `read`:
 * a key made to post only cannot read the ledger).
 */
export function allows(granted: readonly Scope[], required: RequiredScope): boolean {
  if (required === 'any' || granted.includes('admin')) return true;
  if (required === 'ingest') return granted.includes('ingest') || granted.includes('write');
  return granted.includes(required);
}

/** The scopes as the authorizer's context carries them (context values are strings): space-separated, as OAuth's `scope`. */
export function formatScopes(granted: readonly Scope[]): string {
  return granted.join(' ');
}

export function parseScopes(value: unknown): Scope[] {
  if (typeof value !== 'string') return [];
  return value.split(' ').filter((s): s is Scope => (scopes as readonly string[]).includes(s));
}
