import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { apiKeyStore } from '../../functions/_shared/deps.js';
import { apiRoutes, type ApiRoute } from '../../wiring/api-routes.js';
import { readEnvironment } from '../../shared/kernel/index.js';
import { apiKeyIdOf } from '../../shared/identity/index.js';

/** Tenant B's API key (its id is in the paths of tenant A's attacks on /api-keys/{id}). */
const keyOfB = 'arf_tenant-b-key-for-the-reliability-suite';
import { anInvoice, useLocalStack, type SentEmail } from '../integration/support/local-stack.js';
import { reliabilityTally } from './support/tally.js';

const tally = reliabilityTally('security');

/** Tenant B's data carries these markers; nothing tenant A is answered may contain them. */
const secret = { name: 'Tenant-B Secret Holdings', email: 'secret-ap@tenant-b.example', owner: 'owner@tenant-b.example', subject: 'TENANT-B-SUBJECT-MARKER', reference: 'TENANT-B-PAYMENT-REF', dispute: 'TENANT-B-DISPUTE-REASON', credit: 'TENANT-B-CREDIT-REASON' };
const b = { invoice: 'SEC-B-1', disputed: 'SEC-B-2', customer: 'C-SEC-B', policy: 'sec-b', profile: 'sec-b-profile', paymentId: '', creditNote: 'SEC-B-CN-1' };

const authenticatedRoutes = apiRoutes.filter((route) => route.authenticated);
const routeKey = (route: ApiRoute) => `${route.method} ${route.path}`;

/** A plausible body for each mutating route, aimed at tenant B's records; a new route gets `{}` and is still attacked. */
const attackBodies: Record<string, unknown> = {
  'POST /invoices': anInvoice({ invoiceNumber: b.invoice, amount: 1, customer: { id: b.customer, name: 'Tenant A', email: 'ap@tenant-a.example' } }),
  'POST /payments': { invoiceNumber: b.invoice, amount: 100, currency: 'EUR', paidAt: '2026-11-20', reference: 'from tenant A' },
  'POST /payments/{paymentId}/allocate': { allocations: [{ invoiceNumber: b.invoice }] },
  'POST /credit-notes': { creditNoteNumber: b.creditNote, customer: { id: b.customer }, currency: 'EUR', amount: 100, issueDate: '2026-11-20', allocations: [{ invoiceNumber: b.invoice }] },
  'POST /credit-notes/{creditNoteNumber}/allocate': { allocations: [{ invoiceNumber: b.invoice }] },
  'PUT /policies/{name}': { stages: [{ id: 'hijacked', offsetDays: 1 }] },
  'POST /policies/{name}/dry-run': {},
  'PUT /customers/{customerId}': { accountOwner: 'attacker@tenant-a.example', tags: ['hijacked'] },
  'PUT /import-profiles/{name}': { kind: 'invoices', format: 'jsonl' },
  // The system of record's correction and void, aimed at tenant B's invoice number (they may only ever reach tenant A's own).
  'PUT /invoices/{invoiceNumber}': { ...anInvoice({ invoiceNumber: b.invoice, amount: 1, customer: { id: b.customer, name: 'Tenant A', email: 'ap@tenant-a.example' } }), sourceVersion: 999 },
  'POST /invoices/{invoiceNumber}/void': { reason: 'voided by tenant A' },
  // A collector's actions (the workspace), aimed at tenant B's invoice.
  'POST /invoices/{invoiceNumber}/pause': { until: '2026-12-20', reason: 'paused by tenant A' },
  'POST /invoices/{invoiceNumber}/resume': {},
  'POST /invoices/{invoiceNumber}/notes': { kind: 'note', text: 'written by tenant A' },
  'POST /invoices/{invoiceNumber}/promise': { date: '2026-12-01' },
};

/** The route's path with tenant B's identifiers in it. */
function pathFor(route: ApiRoute): string {
  const values: Record<string, string> = { id: apiKeyIdOf(keyOfB), invoiceNumber: b.invoice, customerId: b.customer, paymentId: b.paymentId, creditNoteNumber: b.creditNote, name: route.path.startsWith('/import-profiles') ? b.profile : b.policy };
  return route.path.replace(/\{(\w+)\}/g, (_match, parameter: string) => encodeURIComponent(values[parameter] ?? 'unknown'));
}

/**
 * Security on the embedded stack: tenant isolation over every authenticated route of
 * wiring/api-routes.ts (a new route is attacked automatically), signed links tampered, replayed and
 * expired, the API without or with a wrong key, and HTML injection through invoice fields.
 */
describe('reliability: security', () => {
  const { api, stack } = useLocalStack('2026-11-20T12:00:00.000Z'); // a Friday
  const tenantB = () => api().withKey(keyB);
  const keyB = keyOfB;
  let emailsB: SentEmail[] = [];
  let disputeLink = '';
  const postForm = async (url: string, fields: Record<string, string> = {}) => {
    const link = new URL(url);
    const response = await fetch(`${link.origin}${link.pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(link.searchParams), ...fields }),
    });
    return { status: response.status, html: await response.text() };
  };

  const policy = {
    stages: [{ id: 'overdue-1-day', offsetDays: 1, template: 'firm', subject: `${secret.subject} {invoiceNumber}` }],
    sendingWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 9, endHour: 17 },
    escalation: { afterDaysOverdue: 5, approvers: { accountOwner: true, emails: [] }, approvalTimeoutDays: 3, onTimeout: 'stop' },
    grace: { days: 10, finalAction: 'none' },
  };

  before(async () => {
    await apiKeyStore(readEnvironment()).put(keyB, 'tenant-b', 'reliability suite: a second tenant');
    const created = async (response: Promise<{ status: number; body: unknown }>, what: string) => {
      const { status, body } = await response;
      assert.ok(status === 200 || status === 201, `${what}: ${status} ${JSON.stringify(body)}`);
      return body as Record<string, unknown>;
    };
    await created(tenantB().request('PUT', `/policies/${b.policy}`, policy), 'policy');
    await created(tenantB().request('PUT', `/customers/${b.customer}`, { accountOwner: secret.owner, tags: ['tenant-b'] }), 'customer');
    await created(tenantB().request('PUT', `/import-profiles/${b.profile}`, { kind: 'invoices', format: 'jsonl' }), 'import profile');
    await created(
      tenantB().postInvoice(anInvoice({ invoiceNumber: b.invoice, policy: b.policy, dueDate: '2026-11-23', customer: { id: b.customer, name: secret.name, email: secret.email, timezone: 'UTC', accountOwner: secret.owner } })),
      'invoice',
    );
    await created(tenantB().postInvoice(anInvoice({ invoiceNumber: b.disputed, dueDate: '2026-11-27', customer: { id: b.customer, name: secret.name, email: secret.email, timezone: 'UTC' } })), 'second invoice');
    const payment = await created(tenantB().postPayment({ amount: 700, currency: 'EUR', paidAt: '2026-11-20', reference: secret.reference, customerId: 'C-NOBODY' }), 'unapplied payment');
    b.paymentId = String((payment['payment'] as { paymentId: string }).paymentId);
    // A credit note of B's customer, with credit left over (listed in B's unapplied credit).
    await created(tenantB().request('POST', '/credit-notes', { creditNoteNumber: b.creditNote, customer: { id: b.customer }, currency: 'EUR', amount: 900, issueDate: '2026-11-20', reason: secret.credit }), 'credit note');
    // The reminder (self-service links) goes out Tuesday 24th; the escalation (decision links) Monday 30th.
    await api().advanceTo('2026-11-30T10:00:00.000Z');
    emailsB = await api().emailsFor(b.invoice);
    assert.ok(emailsB.some((email) => email.headers['X-Arflow-Stage'] === 'escalation'), `an approval request went out: ${emailsB.map((email) => email.subject).join('; ')}`);
    // Tenant B's customer disputes the second invoice through its notice's link.
    const reminder = (await api().emailsFor(b.disputed))[0]!;
    disputeLink = /I dispute this invoice: (http\S+)/.exec(reminder.text)?.[1] ?? '';
    const disputed = await postForm(disputeLink, { reason: secret.dispute });
    assert.equal(disputed.status, 200, disputed.html);
  });

  /** Everything tenant B can read about itself, through every authenticated GET route. */
  const snapshotOfB = async () => {
    const views: Record<string, unknown> = {};
    for (const route of authenticatedRoutes.filter((candidate) => candidate.method === 'GET')) views[routeKey(route)] = await tenantB().request('GET', pathFor(route));
    return views;
  };

  it('lets tenant A neither read nor change tenant B’s data through any authenticated route (also with tenant headers or query parameters)', async () => {
    const before = await snapshotOfB();
    assert.equal((before['GET /invoices/{invoiceNumber}'] as { status: number }).status, 200, 'tenant B reads its own invoice');
    for (const marker of [secret.name, secret.dispute, secret.reference, secret.credit]) assert.match(JSON.stringify(before), new RegExp(marker), `${marker} is in B’s own data`);
    const tenantA = api();
    const spoofing: Record<string, string>[] = [{}, { 'x-tenant-id': 'tenant-b', 'x-arflow-tenant': 'tenant-b' }];
    for (const route of authenticatedRoutes) {
      for (const headers of spoofing) {
        for (const query of ['', '?tenantId=tenant-b&tenant=tenant-b']) {
          await tally.case(async () => {
            const what = `${routeKey(route)}${query} ${JSON.stringify(headers)}`;
            const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : (attackBodies[routeKey(route)] ?? {});
            const response = await tenantA.request(route.method, `${pathFor(route)}${query}`, body, headers);
            assert.ok(response.status < 500, `${what}: ${response.status} ${JSON.stringify(response.body)}`);
            const text = JSON.stringify(response.body);
            for (const marker of Object.values(secret)) assert.ok(!text.includes(marker), `${what} leaked ${marker}: ${text}`);
          });
        }
      }
    }
    const after = await snapshotOfB();
    for (const key of Object.keys(before)) await tally.case(() => assert.deepEqual(after[key], before[key], `${key}: tenant B’s data unchanged by tenant A`));
  });

  it('refuses every authenticated route without a key, with a wrong key, or a malformed Authorization header (401/403, never 2xx or 5xx)', async () => {
    const authorizations: (string | undefined)[] = [undefined, 'Bearer arf_wrong-key-000000000000000000', `Bearer ${keyB}x`, `Bearer ${keyB.slice(0, -1)}`, 'Bearer ', 'Basic dXNlcjpwYXNz', keyB, `bearer  ${keyB} extra`];
    for (const route of authenticatedRoutes) {
      for (const authorization of authorizations) {
        await tally.case(async () => {
          const response = await fetch(`${stack().apiUrl}${pathFor(route)}`, {
            method: route.method,
            headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: JSON.stringify(attackBodies[routeKey(route)] ?? {}) }),
          });
          const text = await response.text();
          assert.ok(response.status === 401 || response.status === 403, `${routeKey(route)} with ${JSON.stringify(authorization)}: ${response.status} ${text}`);
          for (const marker of Object.values(secret)) assert.ok(!text.includes(marker));
        });
      }
    }
  });

  it("lets a key of tenant A neither list nor revoke tenant B's keys, and a viewer of A nothing but read", async () => {
    const listed = await api().request<{ items: { id: string }[] }>('GET', '/api-keys?limit=100');
    assert.equal(listed.status, 200);
    assert.ok(!listed.body.items.some((key) => key.id === apiKeyIdOf(keyB)), "tenant B's key is not in tenant A's list");
    assert.equal((await api().request('DELETE', `/api-keys/${apiKeyIdOf(keyB)}`)).status, 404);
    assert.equal((await tenantB().request('GET', `/policies/${b.policy}`)).status, 200, "tenant B's key still works");
    const ownList = await tenantB().request<{ items: { id: string }[] }>('GET', '/api-keys?limit=100');
    assert.ok(ownList.body.items.some((key) => key.id === apiKeyIdOf(keyB)));
    // A cursor is read in the caller's tenant: B's cursor pages A's keys, never B's.
    const viewer = stack().people.demoUsers.find((user) => user.role === 'viewer')!;
    const session = await fetch(`${stack().apiUrl}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: viewer.username, password: viewer.password }) });
    const { idToken } = (await session.json()) as { idToken: string };
    const asViewer = api().withKey(idToken);
    for (const route of authenticatedRoutes.filter((candidate) => candidate.method !== 'GET' && candidate.path !== '/policies/{name}/dry-run')) {
      await tally.case(async () => {
        const response = await asViewer.request(route.method, pathFor(route), route.method === 'DELETE' ? undefined : (attackBodies[routeKey(route)] ?? {}));
        assert.equal(response.status, 403, `${routeKey(route)} as a viewer: ${response.status} ${JSON.stringify(response.body)}`);
      });
    }
  });

  describe('signed links', () => {
    const linksIn = (email: SentEmail) => [...email.text.matchAll(/(http:\/\/\S+\/(?:links|self-service)\/[^\s)>"]+)/g)].map((match) => match[1]!);
    const decisionLinks = () => emailsB.filter((email) => email.headers['X-Arflow-Stage'] === 'escalation').flatMap(linksIn);
    const selfServiceLinks = () => emailsB.filter((email) => email.headers['X-Arflow-Stage'] === 'overdue-1-day').flatMap(linksIn).filter((url) => url.includes('/self-service/'));
    const get = async (url: string) => {
      const response = await fetch(url);
      return { status: response.status, html: await response.text() };
    };
    const post = postForm;
    /** Every way to change a signed link: each must be refused as invalid. */
    const tamperings = (url: string): [string, string][] => {
      const link = new URL(url);
      const id = link.pathname.split('/').pop()!;
      const sig = link.searchParams.get('sig')!;
      const expires = link.searchParams.get('expires')!;
      const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
      const withParams = (params: Record<string, string | undefined>, path = link.pathname) => {
        const changed = new URL(`${link.origin}${path}`);
        for (const [name, value] of Object.entries(params)) if (value !== undefined) changed.searchParams.set(name, value);
        return changed.toString();
      };
      const base = link.pathname.slice(0, -id.length);
      return [
        ['signature changed (first character)', withParams({ expires, sig: flip(sig, 0) })],
        ['signature changed (last character)', withParams({ expires, sig: flip(sig, sig.length - 1) })],
        ['signature truncated', withParams({ expires, sig: sig.slice(0, -2) })],
        ['signature missing', withParams({ expires })],
        ['expiry extended', withParams({ expires: String(Number(expires) + 86_400_000), sig })],
        ['expiry missing', withParams({ sig })],
        ['expiry not a number', withParams({ expires: 'never', sig })],
        ['id changed', withParams({ expires, sig }, `${base}${flip(id, 0)}`)],
        ['id of another link with this signature', withParams({ expires, sig }, `${base}${'A'.repeat(id.length)}`)],
      ];
    };

    it('refuses tampered decision and self-service links on GET and POST (404), changing nothing', async () => {
      const links = [...decisionLinks(), ...selfServiceLinks()];
      assert.ok(decisionLinks().length >= 5 && selfServiceLinks().length >= 1, `links found: ${links.join(' ')}`);
      const before = await tenantB().getInvoice(b.invoice);
      for (const url of links) {
        for (const [how, tampered] of tamperings(url)) {
          await tally.case(async () => {
            assert.equal((await get(tampered)).status, 404, `GET ${how}: ${tampered}`);
            assert.equal((await post(tampered, { action: 'dispute', reason: 'tampered', date: '2026-12-20' })).status, 404, `POST ${how}: ${tampered}`);
          });
        }
      }
      const after = await tenantB().getInvoice(b.invoice);
      assert.deepEqual(after.body.invoice, before.body.invoice, 'nothing changed');
    });

    it('acts on a decision link once: a replay is refused (409) and so are the other links of the same request', async () => {
      const [approve, ...others] = decisionLinks().filter((url) => url.includes('/links/'));
      await tally.case(async () => {
        const first = await post(approve!);
        assert.equal(first.status, 200, first.html);
        assert.equal((await post(approve!)).status, 409, 'the same link again');
      });
      for (const url of others) await tally.case(async () => assert.equal((await post(url)).status, 409, `another decision after the first: ${url}`));
    });

    it('acts on a self-service link once: a replayed dispute is refused (409)', () =>
      tally.case(async () => {
        assert.equal((await post(disputeLink, { reason: 'replayed' })).status, 409);
        const disputes = await tenantB().request<{ disputes: { invoiceNumber: string; reason: string }[] }>('GET', '/disputes');
        assert.deepEqual(disputes.body.disputes.filter((dispute) => dispute.invoiceNumber === b.disputed).map((dispute) => dispute.reason), [secret.dispute]);
      }));

    it('refuses expired self-service links (410) once the clock passes their expiry', async () => {
      const links = selfServiceLinks();
      await api().advanceDays(31);
      for (const url of links) {
        await tally.case(async () => {
          assert.equal((await get(url)).status, 410, `GET ${url}`);
          assert.equal((await post(url, { action: 'dispute', reason: 'late' })).status, 410, `POST ${url}`);
        });
      }
    });
  });

  describe('HTML injection through invoice fields', () => {
    const payloads = ['<script>alert("arflow")</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)", '<a href="javascript:alert(1)">pay</a>'];
    // The payloads as markup: a tag opened, an attribute broken out of. Escaped text (`&lt;img …`) is harmless.
    const raw = /<script>alert|<img src=x|' onmouseover='|<a href="javascript:/;

    it('escapes a hostile customer name, PO number and metadata on the notice, the self-service pages and the approval page', async () => {
      const numbers: string[] = [];
      for (const [index, payload] of payloads.entries()) {
        const invoice = anInvoice({
          invoiceNumber: `SEC-XSS-${index}`,
          policy: b.policy,
          dueDate: '2026-12-31',
          poNumber: payload.slice(0, 64),
          metadata: { note: payload },
          customer: { id: `C-XSS-${index}`, name: payload, email: 'ap@xss.example', timezone: 'UTC', accountOwner: 'owner@seller.example' },
        });
        assert.equal((await tenantB().postInvoice(invoice)).status, 201);
        numbers.push(invoice.invoiceNumber);
      }
      await api().advanceTo('2027-01-05T12:00:00.000Z'); // the reminder (1 day overdue) and the escalation (5 days, before its links expire) are out
      for (const [index, invoiceNumber] of numbers.entries()) {
        const emails = await api().emailsFor(invoiceNumber);
        assert.ok(emails.some((email) => email.headers['X-Arflow-Stage'] === 'escalation'), `${invoiceNumber}: ${emails.map((email) => email.subject).join('; ')}`);
        const pages = [...new Set(emails.flatMap((email) => [...email.text.matchAll(/(http:\/\/\S+\/(?:links|self-service)\/[^\s)>"]+)/g)].map((match) => match[1]!)))];
        for (const email of emails) {
          await tally.case(() => assert.doesNotMatch(email.html, raw, `${invoiceNumber} ${email.subject}: the email's HTML escapes ${payloads[index]}`));
        }
        for (const url of pages) {
          await tally.case(async () => {
            const response = await fetch(url);
            const html = await response.text();
            assert.equal(response.status, 200, url);
            assert.doesNotMatch(html, raw, `${url} escapes ${payloads[index]}`);
          });
        }
      }
      // The page shows the name, escaped, rather than dropping it.
      const approval = (await api().emailsFor(numbers[0]!)).find((email) => email.headers['X-Arflow-Stage'] === 'escalation')!;
      const page = await (await fetch([...approval.text.matchAll(/(http:\/\/\S+\/links\/\S+)/g)][0]![1]!)).text();
      await tally.case(() => assert.match(page, /&lt;script&gt;alert\(/));
    });
  });
});
