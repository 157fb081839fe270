import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorizerCacheSeconds } from '../../wiring/api-routes.js';
import { anInvoice, useLocalStack, type ArflowApi } from './support/local-stack.js';

// Keys with scopes and their lifecycle, and people signing in to cognito-local, on the embedded stack (docs/access.md).

const { stack, api } = useLocalStack('2026-11-20T12:00:00.000Z');

async function advanceSeconds(seconds: number) {
  const response = await fetch(`${api().baseUrl}/_local/clock`, { method: 'POST', body: JSON.stringify({ advanceHours: seconds / 3600 }) });
  assert.equal(response.status, 200);
}

async function createKey(body: Record<string, unknown>): Promise<{ id: string; secret: string; client: ArflowApi }> {
  const created = await api().request<{ key: { id: string }; secret: string }>('POST', '/api-keys', body);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { id: created.body.key.id, secret: created.body.secret, client: api().withKey(created.body.secret) };
}

async function signIn(role: string): Promise<ArflowApi> {
  return api().withKey(await idTokenOf(role));
}

async function idTokenOf(role: string): Promise<string> {
  const user = stack().people.demoUsers.find((u) => u.role === role)!;
  const response = await fetch(`${api().baseUrl}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username, password: user.password }) });
  const body = (await response.json()) as { idToken: string; tokenType: string };
  assert.equal(response.status, 200, JSON.stringify(body));
  assert.equal(body.tokenType, 'Bearer');
  return body.idToken;
}

describe('API keys', () => {
  it('shows the secret once: the creation answers it, the list never does', async () => {
    const { id, secret } = await createKey({ label: 'erp feed', scopes: ['ingest'] });
    assert.match(secret, /^arf_/);
    const listed = await api().request<{ items: Record<string, unknown>[]; nextCursor: string | null }>('GET', '/api-keys?limit=100');
    assert.equal(listed.status, 200);
    const item = listed.body.items.find((k) => k['id'] === id);
    assert.deepEqual({ label: item?.['label'], scopes: item?.['scopes'], createdBy: item?.['createdBy'] }, { label: 'erp feed', scopes: ['ingest'], createdBy: 'local demo key' });
    assert.ok(!JSON.stringify(listed.body).includes(secret), 'no secret in GET /api-keys');
    assert.ok(!JSON.stringify(listed.body).includes('keyHash'), 'no hash either');
  });

  it('answers 403 insufficient_scope outside the key\'s scopes: a read key lists but does not post, an ingest key posts but does not read', async () => {
    const reader = (await createKey({ label: 'bi tool', scopes: ['read'] })).client;
    const refused = await reader.postInvoice(anInvoice());
    assert.equal(refused.status, 403);
    assert.equal((refused.body as { error: { code: string } }).error.code, 'insufficient_scope');
    assert.equal((await reader.request('GET', '/policies')).status, 200);
    assert.equal((await reader.request('GET', '/api-keys')).status, 403, 'keys are for admins');

    const feed = (await createKey({ label: 'erp', scopes: ['ingest'] })).client;
    const invoice = anInvoice();
    assert.equal((await feed.postInvoice(invoice)).status, 201);
    const read = await feed.getInvoice(invoice.invoiceNumber);
    assert.equal(read.status, 403);
    assert.equal((await feed.request('PUT', '/settings/digest', { recipients: [] })).status, 403);
  });

  it('records the key\'s label as the actor of its changes, and its last use', async () => {
    const { id, client } = await createKey({ label: 'billing system', scopes: ['ingest', 'read'] });
    const invoice = anInvoice();
    assert.equal((await client.postInvoice(invoice)).status, 201);
    const voided = await client.request('POST', `/invoices/${invoice.invoiceNumber}/void`, { reason: 'duplicate' });
    assert.equal(voided.status, 200, JSON.stringify(voided.body));
    const { body } = await client.getInvoice(invoice.invoiceNumber);
    const voidEvent = body.timeline.find((e) => e.type === 'invoice.voided');
    assert.deepEqual(voidEvent?.detail?.['source'], { via: 'api', apiKey: 'billing system' });
    const listed = await api().request<{ items: { id: string; lastUsedAt: string | null }[] }>('GET', '/api-keys?limit=100');
    const lastUsedAt = listed.body.items.find((k) => k.id === id)?.lastUsedAt;
    assert.equal(lastUsedAt, (await api().now()).toISOString(), 'the stack\'s (virtual) time of its first use');
  });

  it('stops working once revoked, after the authorizer cache time', async () => {
    const { id, client } = await createKey({ label: 'to revoke', scopes: ['read'] });
    assert.equal((await client.request('GET', '/policies')).status, 200);
    const revoked = await api().request('DELETE', `/api-keys/${id}`);
    assert.equal(revoked.status, 204);
    assert.equal((await api().request('DELETE', `/api-keys/${id}`)).status, 404, 'revoked once');
    assert.equal((await client.request('GET', '/policies')).status, 200, 'the cached answer holds for the cache time, as on AWS');
    await advanceSeconds(authorizerCacheSeconds + 1);
    assert.equal((await client.request('GET', '/policies')).status, 403);
    const listed = await api().request<{ items: { id: string }[] }>('GET', '/api-keys?limit=100');
    assert.ok(!listed.body.items.some((k) => k.id === id));
  });

  it('stops working once expired', async () => {
    const now = await api().now();
    const { client } = await createKey({ label: 'short lived', scopes: ['read'], expiresAt: new Date(now.getTime() + 3_600_000).toISOString() });
    assert.equal((await client.request('GET', '/policies')).status, 200);
    await advanceSeconds(2 * 3600);
    assert.equal((await client.request('GET', '/policies')).status, 403);
  });

  it('refuses an expiry in the past, an unknown scope and an empty label with the field', async () => {
    const now = await api().now();
    const past = await api().request<{ error: { issues: { path: string }[] } }>('POST', '/api-keys', { label: 'x', scopes: ['read'], expiresAt: new Date(now.getTime() - 1000).toISOString() });
    assert.equal(past.status, 422);
    assert.deepEqual(past.body.error.issues.map((i) => i.path), ['expiresAt']);
    const bad = await api().request<{ error: { issues: { path: string }[] } }>('POST', '/api-keys', { label: '', scopes: ['root'] });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.error.issues.map((i) => i.path).sort(), ['label', 'scopes.0']);
  });

  it('pages with limit and cursor, each key once', async () => {
    for (let i = 0; i < 3; i++) await createKey({ label: `paged ${i}`, scopes: ['read'] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await api().request('GET', `/api-keys?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.items.length <= 2);
      seen.push(...page.body.items.map((k) => k.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length);
    const all = await api().request<{ items: { id: string }[] }>('GET', '/api-keys?limit=100');
    assert.deepEqual(seen, all.body.items.map((k) => k.id));
  });
});

describe('people', () => {
  it('signs in each demo user; GET /me answers the tenant, the actor, the role and its scopes', async () => {
    const expected = { admin: ['ingest', 'read', 'write', 'admin'], collector: ['read', 'write'], viewer: ['read'] };
    for (const [role, scopes] of Object.entries(expected)) {
      const me = await (await signIn(role)).request('GET', '/me');
      assert.equal(me.status, 200);
      assert.deepEqual(me.body, { tenantId: stack().tenantId, actor: `${role}@${stack().tenantId}.arflow.local`, kind: 'user', role, scopes });
    }
  });

  it('gives a viewer 403 on a POST, and records a collector as the actor of a change', async () => {
    const invoice = anInvoice();
    assert.equal((await api().postInvoice(invoice)).status, 201);
    const viewer = await signIn('viewer');
    assert.equal((await viewer.getInvoice(invoice.invoiceNumber)).status, 200);
    const refused = await viewer.request('POST', '/disputes', { invoiceNumber: invoice.invoiceNumber, reason: 'wrong amount' });
    assert.equal(refused.status, 403);
    assert.equal((refused.body as { error: { code: string } }).error.code, 'insufficient_scope');
    const collector = await signIn('collector');
    const voided = await collector.request('POST', `/invoices/${invoice.invoiceNumber}/void`, { reason: 'sent twice' });
    assert.equal(voided.status, 200, JSON.stringify(voided.body));
    const { body } = await collector.getInvoice(invoice.invoiceNumber);
    assert.deepEqual(body.timeline.find((e) => e.type === 'invoice.voided')?.detail?.['source'], { via: 'user', user: `collector@${stack().tenantId}.arflow.local` });
    assert.equal((await collector.request('PUT', '/settings/digest', { recipients: [] })).status, 403, 'settings are for admins');
  });

  it('refuses a wrong password with 401 and a token that was tampered with', async () => {
    const user = stack().people.demoUsers[0]!;
    const wrong = await fetch(`${api().baseUrl}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username, password: 'not-the-password' }) });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: { code: string } }).error.code, 'invalid_credentials');
    const [header, payload, signature] = (await idTokenOf('viewer')).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['admin'] })).toString('base64url')}.${signature}`;
    assert.equal((await api().withKey(forged).request('GET', '/me')).status, 403);
  });
});
