/**
 * The HTTP API's routes: the CDK app creates them, the local stack serves the same table.
 * `functionName` is the folder under functions/ whose handler.ts serves the route.
 */
import type { RequiredScope } from '../shared/identity/index.js';

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  functionName: string;
  /** false only for routes that must answer without a tenant (health checks). */
  authenticated: boolean;
  /** For a public route: why it needs no API key (the cdk-nag acknowledgement's reason). */
  publicBecause?: string;
}

const dashboardIsStatic =
  'the dashboard page, its script and its style sheet hold no tenant data: the page asks for the API key and reads every figure from routes behind the API-key authorizer.';

const signInIsPublic =
  'signing in is how a person gets a token: the route takes a username and password, asks the Cognito user pool (which throttles and locks out), and reads no tenant data.';

export const apiRoutes = [
  { method: 'GET', path: '/health', functionName: 'health', authenticated: false },
  { method: 'POST', path: '/invoices', functionName: 'create-invoices', authenticated: true },
  { method: 'GET', path: '/invoices/{invoiceNumber}', functionName: 'get-invoice', authenticated: true },
  // The system of record's corrections (an upsert by source version) and voids.
  { method: 'PUT', path: '/invoices/{invoiceNumber}', functionName: 'update-invoices', authenticated: true },
  { method: 'POST', path: '/invoices/{invoiceNumber}/void', functionName: 'update-invoices', authenticated: true },
  { method: 'POST', path: '/payments', functionName: 'record-payment', authenticated: true },
  { method: 'GET', path: '/payments/unapplied', functionName: 'payment-allocations', authenticated: true },
  { method: 'POST', path: '/payments/{paymentId}/allocate', functionName: 'payment-allocations', authenticated: true },
  // Credit notes as documents: allocated to invoices, the rest is customer credit (docs/credit-notes.md).
  { method: 'POST', path: '/credit-notes', functionName: 'credit-notes', authenticated: true },
  { method: 'GET', path: '/credit-notes/{creditNoteNumber}', functionName: 'credit-notes', authenticated: true },
  { method: 'POST', path: '/credit-notes/{creditNoteNumber}/allocate', functionName: 'credit-notes', authenticated: true },
  // Bank statements (camt.053/054) are cash application: served by the function that allocates cash.
  { method: 'POST', path: '/bank-statements', functionName: 'payment-allocations', authenticated: true },
  { method: 'GET', path: '/bank-statements/{statementId}', functionName: 'payment-allocations', authenticated: true },
  { method: 'GET', path: '/policies', functionName: 'policies', authenticated: true },
  { method: 'GET', path: '/policies/{name}', functionName: 'policies', authenticated: true },
  { method: 'PUT', path: '/policies/{name}', functionName: 'policies', authenticated: true },
  { method: 'POST', path: '/policies/{name}/dry-run', functionName: 'policies', authenticated: true },
  { method: 'GET', path: '/customers/{customerId}', functionName: 'customers', authenticated: true },
  { method: 'PUT', path: '/customers/{customerId}', functionName: 'customers', authenticated: true },
  { method: 'GET', path: '/customers/{customerId}/timeline', functionName: 'customers', authenticated: true },
  { method: 'DELETE', path: '/customers/{customerId}/credit-hold', functionName: 'customers', authenticated: true },
  // Signed escalation links from approval emails: the signature is the credential, not an API key.
  { method: 'GET', path: '/links/{linkId}', functionName: 'decision-link', authenticated: false },
  { method: 'POST', path: '/links/{linkId}', functionName: 'decision-link', authenticated: false },
  // Self-service links in notices, for the debtor: the signature is the credential.
  { method: 'GET', path: '/self-service/{linkId}', functionName: 'customer-link', authenticated: false },
  { method: 'POST', path: '/self-service/{linkId}', functionName: 'customer-link', authenticated: false },
  { method: 'GET', path: '/disputes', functionName: 'disputes', authenticated: true },
  { method: 'POST', path: '/disputes', functionName: 'disputes', authenticated: true },
  { method: 'POST', path: '/disputes/{disputeId}/resolve', functionName: 'disputes', authenticated: true },
  { method: 'POST', path: '/invoices/{invoiceNumber}/payment-plan', functionName: 'payment-plans', authenticated: true },
  { method: 'GET', path: '/import-profiles', functionName: 'import-profiles', authenticated: true },
  { method: 'GET', path: '/import-profiles/{name}', functionName: 'import-profiles', authenticated: true },
  { method: 'PUT', path: '/import-profiles/{name}', functionName: 'import-profiles', authenticated: true },
  // Applies the closes an open-items snapshot held back (more than its profile's maxCloseShare).
  { method: 'POST', path: '/imports/{jobId}/confirm', functionName: 'import-profiles', authenticated: true },
  { method: 'GET', path: '/reports/aging', functionName: 'reports', authenticated: true },
  { method: 'GET', path: '/reports/kpis', functionName: 'reports', authenticated: true },
  { method: 'GET', path: '/reports/risk', functionName: 'reports', authenticated: true },
  { method: 'GET', path: '/reports/forecast', functionName: 'reports', authenticated: true },
  { method: 'GET', path: '/escalations', functionName: 'reports', authenticated: true },
  // The dashboard's first view in one answer (aging, DSO trend, forecast, escalations, risk) from one read of the rows.
  { method: 'GET', path: '/reports/overview', functionName: 'reports', authenticated: true },
  { method: 'GET', path: '/settings/digest', functionName: 'digest-settings', authenticated: true },
  { method: 'PUT', path: '/settings/digest', functionName: 'digest-settings', authenticated: true },
  // The finance dashboard: static files with no data; the page reads the reports with the tenant's API key.
  { method: 'GET', path: '/dashboard', functionName: 'dashboard', authenticated: false, publicBecause: dashboardIsStatic },
  { method: 'GET', path: '/dashboard/{asset}', functionName: 'dashboard', authenticated: false, publicBecause: dashboardIsStatic },
  // Notices: branding, templates, suppressed addresses, owner tasks; statements on request.
  { method: 'GET', path: '/branding', functionName: 'notice-settings', authenticated: true },
  { method: 'PUT', path: '/branding', functionName: 'notice-settings', authenticated: true },
  { method: 'GET', path: '/templates', functionName: 'notice-settings', authenticated: true },
  { method: 'GET', path: '/templates/{kind}/{language}', functionName: 'notice-settings', authenticated: true },
  { method: 'PUT', path: '/templates/{kind}/{language}', functionName: 'notice-settings', authenticated: true },
  { method: 'DELETE', path: '/templates/{kind}/{language}', functionName: 'notice-settings', authenticated: true },
  { method: 'GET', path: '/suppressions', functionName: 'notice-settings', authenticated: true },
  { method: 'DELETE', path: '/suppressions/{email}', functionName: 'notice-settings', authenticated: true },
  { method: 'GET', path: '/tasks', functionName: 'notice-settings', authenticated: true },
  { method: 'POST', path: '/tasks/{taskId}/close', functionName: 'notice-settings', authenticated: true },
  { method: 'POST', path: '/customers/{customerId}/statement', functionName: 'statements', authenticated: true },
  // The finance workspace (docs/workspace.md): lists that page, and a collector's actions on an invoice.
  { method: 'GET', path: '/invoices', functionName: 'workspace', authenticated: true },
  { method: 'GET', path: '/customers', functionName: 'workspace', authenticated: true },
  { method: 'POST', path: '/invoices/{invoiceNumber}/pause', functionName: 'workspace', authenticated: true },
  { method: 'POST', path: '/invoices/{invoiceNumber}/resume', functionName: 'workspace', authenticated: true },
  { method: 'POST', path: '/invoices/{invoiceNumber}/notes', functionName: 'workspace', authenticated: true },
  { method: 'POST', path: '/invoices/{invoiceNumber}/promise', functionName: 'workspace', authenticated: true },
  { method: 'GET', path: '/worklist', functionName: 'workspace', authenticated: true },
  // Identity (docs/access.md): API keys' lifecycle, people's sign-in, and who the caller is.
  { method: 'POST', path: '/api-keys', functionName: 'api-keys', authenticated: true },
  { method: 'GET', path: '/api-keys', functionName: 'api-keys', authenticated: true },
  { method: 'DELETE', path: '/api-keys/{id}', functionName: 'api-keys', authenticated: true },
  { method: 'POST', path: '/session', functionName: 'session', authenticated: false, publicBecause: signInIsPublic },
  { method: 'GET', path: '/me', functionName: 'session', authenticated: true },
] as const satisfies readonly ApiRoute[];

/** The functions that serve routes. */
export type ApiFunctionName = (typeof apiRoutes)[number]['functionName'];

/** The route keys (`GET /policies/{name}`, as API Gateway sets `routeKey`) that `F` serves. */
export type RouteKey<F extends ApiFunctionName> = Extract<(typeof apiRoutes)[number], { functionName: F }> extends infer R
  ? R extends { method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;

/** A route's key as API Gateway sets it on the event (`routeKey`). */
export function routeKeyOf(route: Pick<ApiRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** The Lambda authorizer that maps an API key to its tenant. */
export const authorizerFunctionName = 'authorizer';

/**
 * How long API Gateway (and the local API server) keeps the authorizer's answer for one Authorization
 * header: a revoked key or a removed user still works for at most this long (docs/access.md).
 */
export const authorizerCacheSeconds = 60;

type RouteKeyOfTable = (typeof apiRoutes)[number] extends infer R ? (R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never) : never;

/**
 * The scope a route needs when it is not the default (GET → read, any other method → write). The
 * system of record's feeds need `ingest` (which `write` also allows); settings, policies, templates,
 * branding and keys need `admin`. A route added without an entry gets the default.
 */
export const routeScopes: Partial<Record<RouteKeyOfTable, RequiredScope>> = {
  'POST /invoices': 'ingest',
  'PUT /invoices/{invoiceNumber}': 'ingest',
  'POST /invoices/{invoiceNumber}/void': 'ingest',
  'POST /payments': 'ingest',
  'POST /credit-notes': 'ingest',
  'POST /bank-statements': 'ingest',
  // A dry run changes nothing: viewers may try a policy.
  'POST /policies/{name}/dry-run': 'read',
  'PUT /policies/{name}': 'admin',
  'PUT /import-profiles/{name}': 'admin',
  // Applies closes a snapshot held back for being too many: an admin's call.
  'POST /imports/{jobId}/confirm': 'admin',
  'PUT /settings/digest': 'admin',
  'PUT /branding': 'admin',
  'PUT /templates/{kind}/{language}': 'admin',
  'DELETE /templates/{kind}/{language}': 'admin',
  'POST /api-keys': 'admin',
  'GET /api-keys': 'admin',
  'DELETE /api-keys/{id}': 'admin',
  // Every principal may ask who it is (the workspace hides what the role cannot do).
  'GET /me': 'any',
};

/** The scope a route needs: its entry in routeScopes, else read for GET and write for the rest. */
export function requiredScopeOf(route: Pick<ApiRoute, 'method' | 'path'>, scopesByRoute: Readonly<Record<string, RequiredScope | undefined>> = routeScopes): RequiredScope {
  return scopesByRoute[routeKeyOf(route)] ?? (route.method === 'GET' ? 'read' : 'write');
}
