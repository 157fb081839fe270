import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anInvoice, useLocalStack } from './support/local-stack.js';

/** The weekly finance digest: settings through the API, the run through the same handler the schedule invokes, the email from the SES emulator. */
describe('weekly finance digest on the embedded stack', () => {
  const { api, stack } = useLocalStack('2026-11-23T08:00:00.000Z'); // a Monday
  const runDigest = async () => {
    const response = await fetch(`${stack().apiUrl}/_local/digest`, { method: 'POST' });
    return { status: response.status, body: (await response.json()) as { tenants: { tenantId: string; outcome: string }[] } };
  };
  const digests = async () => (await api().emails()).filter((email) => email.subject.startsWith('Weekly receivables digest'));

  it('refuses invalid settings with the field path and sends no digest to a tenant without recipients', async () => {
    const invalid = await api().request<{ error: { issues: { path: string }[] } }>('PUT', '/settings/digest', { recipients: ['not-an-address'] });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.body.error.issues[0]?.path, 'recipients.0');
    assert.equal((await api().request('GET', '/settings/digest')).status, 404);
    const run = await runDigest();
    assert.equal(run.status, 200);
    assert.deepEqual(run.body.tenants, []);
  });

  it('emails finance the top overdue accounts and DSO, HTML-escaped, once per week', async () => {
    const saved = await api().request<{ settings: { recipients: string[]; topAccounts: number } }>('PUT', '/settings/digest', { recipients: ['Finance@Seller.example'] });
    assert.equal(saved.status, 200);
    assert.deepEqual([saved.body.settings.recipients, saved.body.settings.topAccounts], [['finance@seller.example'], 10]);
    assert.equal((await api().request('GET', '/settings/digest')).status, 200);

    const customer = { id: 'ACME <b>&</b>', name: 'Acme', email: 'ap@acme.example', timezone: 'UTC' };
    assert.equal((await api().postInvoice(anInvoice({ customer, issueDate: '2026-09-01', dueDate: '2026-10-01', amount: 123456 }))).status, 201);
    assert.equal((await api().postInvoice(anInvoice({ issueDate: '2026-11-01', dueDate: '2026-12-01', amount: 5000 }))).status, 201);

    const run = await runDigest();
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.deepEqual(run.body.tenants, [{ tenantId: stack().tenantId, outcome: 'sent' }]);
    const [digest, ...more] = await digests();
    assert.equal(more.length, 0);
    assert.deepEqual(digest?.to, ['finance@seller.example']);
    assert.match(digest!.subject, /1 overdue accounts, 0 escalations waiting, 0 open disputes/);
    assert.match(digest!.text, /- ACME <b>&<\/b> \| €1,234\.56 \| €0\.00 \| 1 \| low/);
    assert.match(digest!.html, /<td[^>]*>ACME &lt;b&gt;&amp;&lt;\/b&gt;<\/td>/);
    assert.doesNotMatch(digest!.html, /<b>&<\/b>/);
    // Six months of DSO, June to the current November.
    assert.match(digest!.text, /DSO, days, by month \(EUR\):\n- 2026-06-01 to 2026-06-30 \| -\n(- .+\n){4}- 2026-11-01 to 2026-11-23 \| \d+\.\d/);

    const again = await runDigest();
    assert.deepEqual(again.body.tenants, [{ tenantId: stack().tenantId, outcome: 'already-sent' }]);
    assert.equal((await digests()).length, 1, 'a second run in the same week sends nothing');
  });
});
