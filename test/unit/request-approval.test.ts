import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError } from '../../shared/kernel/index.js';
import { escalationActions } from '../../shared/policies/index.js';
import { linkSignatureMatches } from '../../shared/kernel/index.js';
import { openDecisionLink } from '../../shared/escalation/index.js';
import { requestApproval } from '../../shared/escalation/index.js';
import { PUBLIC_API_URL } from './fakes/collection-deps.js';
import { invoiceInput } from './fixtures.js';
import { TENANT, NUMBER, TOKEN, OWNER, FINANCE, CFO, SEVEN_DAYS, REQUESTED_AT, TASK_EXPIRES_AT, LINKS_EXPIRE_AT, withEscalation, invoice, setup, mailedLinks, escalate, snapshot } from './escalation.fixtures.js';


describe('requestApproval', () => {
  it('emails every approver (the account owner, then the finance group) one message with one link per decision', async () => {
    const context = setup();
    const { links } = await escalate(context);
    assert.deepEqual(context.mailer.sent.map((email) => email.to), [[OWNER], [FINANCE], [CFO]]);
    assert.ok(context.mailer.sent.every((email) => email.headers?.['X-Arflow-Stage'] === 'escalation'));
    for (const approver of [OWNER, FINANCE, CFO]) {
      assert.deepEqual(
        links.filter((link) => link.approver === approver).map((link) => link.decision),
        [...escalationActions],
        approver,
      );
    }
    assert.equal(new Set(links.map((link) => link.linkId)).size, 15, 'every link is its own');
    assert.ok(links.every((link) => link.url.startsWith(`${PUBLIC_API_URL}/links/`)));
  });

  it("signs every link's id and expiry with the tenant's key, and every link expires before the approval task does", async () => {
    const context = setup();
    const { links } = await escalate(context);
    const key = await context.linkKeys.linkKey(TENANT);
    const escalation = (await context.invoices.get(TENANT, NUMBER))?.escalation;
    for (const link of links) {
      assert.equal(linkSignatureMatches(key, link.linkId, link.expires, link.sig), true, link.url);
      assert.equal(link.expires, LINKS_EXPIRE_AT);
      assert.equal((await context.escalations.getLink(link.linkId))?.expiresAt, link.expires);
      assert.ok(link.expires < Date.parse(escalation!.expiresAt));
    }
  });

  it('opens a pending escalation that expires with the task, and keeps the task token in the database, never in an email', async () => {
    const context = setup();
    const { escalationId } = await escalate(context);
    const stored = await context.invoices.get(TENANT, NUMBER);
    assert.deepEqual(stored?.escalation, { id: escalationId, status: 'pending', requestedAt: REQUESTED_AT, expiresAt: TASK_EXPIRES_AT });
    assert.equal(await context.escalations.escalationTaskToken(TENANT, NUMBER, escalationId), TOKEN);
    assert.deepEqual(context.taskTokens.succeeded, [], 'the workflow waits for a decision');
    assert.ok(context.mailer.sent.every((email) => !email.text.includes(TOKEN) && !email.html.includes(TOKEN)));
    const requested = (await context.invoices.timeline(TENANT, NUMBER)).find((event) => event.type === 'escalation.requested');
    assert.deepEqual(requested, {
      type: 'escalation.requested',
      at: REQUESTED_AT,
      key: `escalation.requested:${escalationId}`,
      detail: { escalationId, approvers: [OWNER, FINANCE, CFO], expiresAt: TASK_EXPIRES_AT, policy: 'strict@1' },
    });
  });

  it('lets the links of a short approval task expire a tenth of its time before it', async () => {
    const context = setup();
    context.invoices.put(invoice());
    await requestApproval(context.deps, TENANT, NUMBER, TOKEN, 3600);
    const links = await mailedLinks(context.mailer, context.escalations);
    const escalation = (await context.invoices.get(TENANT, NUMBER))?.escalation;
    assert.equal(escalation?.expiresAt, '2026-12-11T09:00:00.000Z');
    assert.ok(links.length > 0 && links.every((link) => link.expires === Date.parse('2026-12-11T08:54:00.000Z')));
  });

  it('emails an approver named both as account owner and in the finance group once', async () => {
    const context = setup(withEscalation({ approvers: { accountOwner: true, emails: [OWNER] } }));
    await escalate(context);
    assert.deepEqual(context.mailer.sent.map((email) => email.to), [[OWNER]]);
  });

  it("applies the policy's timeout action at once and resumes the workflow when nobody can approve", async () => {
    const context = setup(withEscalation({ approvers: { accountOwner: false, emails: [] }, onTimeout: 'pause', pauseDays: 30 }));
    await escalate(context);
    assert.equal(context.mailer.sent.length, 0);
    const stored = await context.invoices.get(TENANT, NUMBER);
    assert.equal(stored?.escalation, undefined);
    assert.equal(stored?.pausedUntil, '2027-01-10T08:00:00.000Z');
    assert.deepEqual(context.taskTokens.succeeded, [{ taskToken: TOKEN, output: { outcome: 'pause' }, result: 'resumed' }]);
    const timeline = await context.invoices.timeline(TENANT, NUMBER);
    assert.deepEqual(timeline.map((event) => event.type), ['escalation.requested', 'escalation.timed-out']);
    assert.equal(timeline[1]?.detail?.['decidedBy'], 'policy (no approver configured)');
  });

  it('counts the account owner only when the invoice names one', async () => {
    const context = setup(withEscalation({ approvers: { accountOwner: true, emails: [] }, onTimeout: 'stop' }));
    await escalate(context, invoice({ customer: invoiceInput().customer }));
    assert.equal(context.mailer.sent.length, 0);
    const escalation = (await context.invoices.get(TENANT, NUMBER))?.escalation;
    assert.equal(escalation?.status, 'stopped');
    assert.equal(escalation?.decision, 'timeout');
    assert.deepEqual(context.taskTokens.succeeded.map((call) => call.output), [{ outcome: 'stop' }]);
  });

  it("resumes the workflow with 'not-needed' and changes nothing when the invoice is no longer open", async () => {
    const context = setup();
    context.invoices.put(invoice({ status: 'paid', balance: 0 }));
    const before = await snapshot(context, '');
    await requestApproval(context.deps, TENANT, NUMBER, TOKEN, SEVEN_DAYS);
    assert.deepEqual(context.taskTokens.succeeded, [{ taskToken: TOKEN, output: { outcome: 'not-needed' }, result: 'resumed' }]);
    assert.deepEqual({ ...(await snapshot(context, '')), resumed: [] }, before);
  });

  it("resumes the workflow with 'not-needed' when the policy has no escalation (any more)", async () => {
    const context = setup({ stages: [] });
    context.invoices.put(invoice());
    await requestApproval(context.deps, TENANT, NUMBER, TOKEN, SEVEN_DAYS);
    assert.deepEqual(context.taskTokens.succeeded.map((call) => call.output), [{ outcome: 'not-needed' }]);
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.escalation, undefined);
    assert.equal(context.mailer.sent.length, 0);
  });

  it("sends nothing and resumes with 'not-needed' when a payment closes the invoice just before the escalation opens", async () => {
    const context = setup();
    context.invoices.put(invoice());
    context.escalations.beforeStartEscalation = () => context.invoices.update(TENANT, NUMBER, { status: 'paid', balance: 0 });
    await requestApproval(context.deps, TENANT, NUMBER, TOKEN, SEVEN_DAYS);
    assert.deepEqual(context.taskTokens.succeeded.map((call) => call.output), [{ outcome: 'not-needed' }]);
    assert.equal(context.mailer.sent.length, 0);
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.escalation, undefined);
    assert.deepEqual(await context.invoices.timeline(TENANT, NUMBER), []);
  });

  it('throws NotFoundError for an invoice that does not exist', async () => {
    const context = setup();
    await assert.rejects(requestApproval(context.deps, TENANT, NUMBER, TOKEN, SEVEN_DAYS), NotFoundError);
  });
});

describe('openDecisionLink', () => {
  it('shows what the confirmation page needs and changes nothing, however often a mail scanner opens every link', async () => {
    const context = setup();
    const { links, escalationId } = await escalate(context);
    const before = await snapshot(context, escalationId);
    for (let round = 0; round < 2; round++) {
      for (const link of links) {
        const opened = await openDecisionLink(context.deps, link.linkId, link.expires, link.sig);
        assert.ok(opened.ok, link.url);
        assert.equal(opened.link.decision, link.decision);
        assert.equal(opened.invoice.invoiceNumber, NUMBER);
        assert.equal(opened.policy.name, 'strict');
      }
    }
    assert.deepEqual(await snapshot(context, escalationId), before);
  });

  it('refuses a tampered, expired or unknown link without changing anything', async () => {
    const context = setup();
    const { find, escalationId } = await escalate(context);
    const link = find(FINANCE, 'approve');
    const before = await snapshot(context, escalationId);
    assert.deepEqual(await openDecisionLink(context.deps, link.linkId, link.expires, `${link.sig.slice(0, -1)}${link.sig.endsWith('A') ? 'B' : 'A'}`), { ok: false, reason: 'invalid' });
    assert.deepEqual(await openDecisionLink(context.deps, link.linkId, link.expires + 86_400_000, link.sig), { ok: false, reason: 'invalid' });
    assert.deepEqual(await openDecisionLink(context.deps, 'no-such-link', link.expires, link.sig), { ok: false, reason: 'invalid' });
    context.clock.set(new Date(link.expires));
    assert.deepEqual(await openDecisionLink(context.deps, link.linkId, link.expires, link.sig), { ok: false, reason: 'expired' });
    assert.deepEqual(await snapshot(context, escalationId), before);
  });
});
