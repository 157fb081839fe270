import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { json } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';

/** A static file of the dashboard, read once at cold start. */
export interface DashboardAsset {
  body: string;
  contentType: string;
  etag: string;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Scripts, styles and data only from this origin; no inline script or style, no plugins, no framing,
 * no form submission (the key form is handled by the script, so a key never lands in a URL).
 */
export const dashboardContentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The files next to the handler (functions/dashboard/assets locally; the bundle's assets/ folder on Lambda). */
export function loadDashboardAssets(folder: URL = new URL('./assets/', import.meta.url)): Map<string, DashboardAsset> {
  const assets = new Map<string, DashboardAsset>();
  for (const name of readdirSync(folder)) {
    const contentType = contentTypes[extname(name)];
    if (contentType === undefined) continue;
    const body = readFileSync(new URL(name, folder), 'utf8');
    assets.set(name, { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  }
  return assets;
}

function serve(asset: DashboardAsset, ifNoneMatch: string | undefined): APIGatewayProxyStructuredResultV2 {
  const headers = {
    'content-type': asset.contentType,
    // Revalidate every time (the ETag makes that a 304): a deployment is seen at once.
    'cache-control': 'no-cache',
    etag: asset.etag,
    'content-security-policy': dashboardContentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
  if (ifNoneMatch === asset.etag) return { statusCode: 304, headers };
  return { statusCode: 200, headers, body: asset.body };
}

/**
 * GET /dashboard and GET /dashboard/{asset}: the finance dashboard, a static page with no data in it.
 * It asks for the tenant's API key and reads the reports with it (`Authorization: Bearer`), so the
 * API's authorizer guards every figure; the page itself needs no key.
 */
export const createHandler = (assets: ReadonlyMap<string, DashboardAsset>) =>
  apiHandler<APIGatewayProxyEventV2>().handler(async (event) => {
    const name = event.pathParameters?.['asset'] ?? 'index.html';
    const asset = assets.get(name);
    if (asset === undefined) return json(404, { error: { code: 'not_found', message: `The dashboard has no file named ${name}` } });
    return serve(asset, event.headers?.['if-none-match']);
  });

export const handler = createHandler(loadDashboardAssets());
