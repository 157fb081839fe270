import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError } from '../../shared/kernel/index.js';
import type { Invoice } from '../../shared/invoicing/index.js';
import { escalationActions, type CollectionPolicyInput, type EscalationDecision } from '../../shared/policies/index.js';
import { linkSignatureMatches } from '../../shared/kernel/index.js';
import { decideEscalation, openDecisionLink } from '../../shared/escalation/index.js';
import { applyEscalationTimeout } from '../../shared/escalation/index.js';
import { applyFinalAction } from '../../shared/escalation/index.js';
import { ingestAndStart } from './fakes/stream-starter.js';
import { planNextStep } from '../../shared/reminders/index.js';
import { recordPayment } from '../../shared/payments/index.js';
import { requestApproval } from '../../shared/escalation/index.js';
import { sendReminder } from '../../shared/reminders/index.js';
import { collectionSetup, PUBLIC_API_URL } from './fakes/collection-deps.js';
import type { FakeMailer } from './fakes/fake-mailer.js';
import type { InMemoryEscalationRepository } from '../../shared/escalation/index.js';
import { invoiceInput, openInvoice, storedPolicy } from './fixtures.js';

const TENANT = 'acme';
const NUMBER = 'INV-1001';
const TOKEN = 'task-token-1';
const OWNER = 'owner@acme.example';
const FINANCE = 'finance@acme.example';
const CFO = 'cfo@acme.example';
const SEVEN_DAYS = 7 * 86_400;
/** The escalation is requested on 2026-12-11 at 09:00 Berlin time (due 2026-12-01 + 10 days). */
const REQUESTED_AT = '2026-12-11T08:00:00.000Z';
/** The approval task times out after 7 days; links expire an hour before that. */
const TASK_EXPIRES_AT = '2026-12-18T08:00:00.000Z';
const LINKS_EXPIRE_AT = Date.parse('2026-12-18T07:00:00.000Z');

const escalatingPolicy: CollectionPolicyInput = {
  stages: [{ id: 'overdue-1-day', offsetDays: 1 }],
  escalation: { afterDaysOverdue: 10, approvers: { accountOwner: true, emails: ['Finance@Acme.Example', CFO] }, approvalTimeoutDays: 7, onTimeout: 'stop' },
  grace: { days: 10, finalAction: 'write-off' },
};

function withEscalation(escalation: Partial<NonNullable<CollectionPolicyInput['escalation']>>): CollectionPolicyInput {
  return { ...escalatingPolicy, escalation: { ...escalatingPolicy.escalation!, ...escalation } };
}

/** The contract example under policy `strict`, with an account owner. */
function invoice(overrides: Partial<Invoice> = {}): Invoice {
  return openInvoice({ policy: 'strict', customer: { ...invoiceInput().customer, accountOwner: OWNER }, ...overrides });
}

function setup(policy: CollectionPolicyInput = escalatingPolicy, now = REQUESTED_AT) {
  const context = collectionSetup(now);
  context.policies.seed(TENANT, storedPolicy('strict', policy));
  return context;
}

interface MailedLink {
  url: string;
  linkId: string;
  expires: number;
  sig: string;
  approver: string;
  decision: EscalationDecision;
}

/** Every decision link in the approval emails, with the stored link's approver and decision. */
async function mailedLinks(mailer: FakeMailer, escalations: InMemoryEscalationRepository): Promise<MailedLink[]> {
  const links: MailedLink[] = [];
  for (const email of mailer.sent) {
    for (const url of email.text.match(/https:\/\/\S+\/links\/\S+/g) ?? []) {
      const parsed = new URL(url);
      const linkId = parsed.pathname.replace(/^\/links\//, '');
      const stored = await escalations.getLink(linkId);
      assert.ok(stored, `no stored link ${linkId}`);
      assert.deepEqual(email.to, [stored.approver], 'each approver gets only their own links');
      links.push({ url, linkId, expires: Number(parsed.searchParams.get('expires')), sig: parsed.searchParams.get('sig') ?? '', approver: stored.approver, decision: stored.decision });
    }
  }
  return links;
}

/** Puts the invoice in, requests approval as the workflow's escalation task does, and returns the mailed links. */
async function escalate(context: ReturnType<typeof setup>, stored: Invoice = invoice()) {
  context.invoices.put(stored);
  await requestApproval(context.deps, TENANT, NUMBER, TOKEN, SEVEN_DAYS);
  const links = await mailedLinks(context.mailer, context.escalations);
  const find = (approver: string, decision: EscalationDecision) => {
    const link = links.find((candidate) => candidate.approver === approver && candidate.decision === decision);
    assert.ok(link, `no ${decision} link for ${approver}`);
    return link;
  };
  const escalationId = (await context.invoices.get(TENANT, NUMBER))?.escalation?.id ?? '';
  return { links, find, escalationId };
}

const use = (context: ReturnType<typeof setup>, link: Pick<MailedLink, 'linkId' | 'expires' | 'sig'>) => decideEscalation(context.deps, link.linkId, link.expires, link.sig);

/** Everything a link could change, to show that something did not. */
async function snapshot(context: ReturnType<typeof setup>, escalationId: string) {
  return {
    invoice: await context.invoices.get(TENANT, NUMBER),
    notices: await context.noticeLedger.notices(TENANT, NUMBER),
    timeline: await context.invoices.timeline(TENANT, NUMBER),
    links: context.escalations.storedLinks(escalationId),
    resumed: structuredClone(context.taskTokens.succeeded),
    sent: context.mailer.sent.length,
  };
}

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

describe('decideEscalation', () => {
  it('records the decision of a valid link once, marks the link used and resumes the waiting workflow', async () => {
    const context = setup();
    const { find, escalationId } = await escalate(context);
    context.clock.set('2026-12-12T10:00:00.000Z');
    const link = find(FINANCE, 'approve');
    const result = await use(context, link);
    assert.ok(result.ok);
    const stored = await context.invoices.get(TENANT, NUMBER);
    assert.deepEqual(JSON.parse(JSON.stringify(result.invoice)), stored);
    assert.deepEqual(stored?.escalation, {
      id: escalationId,
      status: 'approved',
      requestedAt: REQUESTED_AT,
      expiresAt: TASK_EXPIRES_AT,
      decision: 'approve',
      decidedBy: FINANCE,
      decidedAt: '2026-12-12T10:00:00.000Z',
      graceEndsAt: '2026-12-22T10:00:00.000Z',
    });
    assert.equal((await context.escalations.getLink(link.linkId))?.usedAt, '2026-12-12T10:00:00.000Z');
    assert.deepEqual(context.taskTokens.succeeded, [{ taskToken: TOKEN, output: { outcome: 'approve', decidedBy: FINANCE }, result: 'resumed' }]);
    const decided = (await context.invoices.timeline(TENANT, NUMBER)).find((event) => event.type === 'escalation.decided');
    assert.deepEqual(decided?.detail, { escalationId, decision: 'approve', decidedBy: FINANCE, linkId: link.linkId, graceEndsAt: '2026-12-22T10:00:00.000Z' });
  });

  it("refuses a second use of the same link as 'used' and changes nothing", async () => {
    const context = setup();
    const { find, escalationId } = await escalate(context);
    const link = find(FINANCE, 'approve');
    assert.ok((await use(context, link)).ok);
    const after = await snapshot(context, escalationId);
    assert.deepEqual(await use(context, link), { ok: false, reason: 'used' });
    assert.deepEqual(await snapshot(context, escalationId), after);
  });

  it("refuses every other link of a decided escalation as 'decided' and changes nothing", async () => {
    const context = setup();
    const { links, find, escalationId } = await escalate(context);
    const first = find(FINANCE, 'approve');
    assert.ok((await use(context, first)).ok);
    const after = await snapshot(context, escalationId);
    for (const link of links.filter((candidate) => candidate.linkId !== first.linkId)) {
      const result = await use(context, link);
      assert.equal(result.ok, false, link.url);
      assert.equal(!result.ok && result.reason, 'decided', link.url);
    }
    assert.deepEqual(await snapshot(context, escalationId), after);
    assert.equal(context.taskTokens.succeeded.length, 1);
  });

  it("refuses a tampered signature or expiry as 'invalid' and changes nothing", async () => {
    const context = setup();
    const { find, escalationId } = await escalate(context);
    const link = find(CFO, 'write-off');
    const before = await snapshot(context, escalationId);
    const otherSig = find(CFO, 'approve').sig;
    assert.deepEqual(await use(context, { ...link, sig: otherSig }), { ok: false, reason: 'invalid' });
    assert.deepEqual(await use(context, { ...link, sig: link.sig.toUpperCase() }), { ok: false, reason: 'invalid' });
    assert.deepEqual(await use(context, { ...link, expires: link.expires + 1 }), { ok: false, reason: 'invalid' });
    assert.deepEqual(await use(context, { ...link, linkId: find(CFO, 'approve').linkId }), { ok: false, reason: 'invalid' });
    assert.deepEqual(await snapshot(context, escalationId), before);
  });

  it("refuses a link from the moment it expires as 'expired' and changes nothing; a millisecond earlier it works", async () => {
    const context = setup();
    const { find, escalationId } = await escalate(context);
    const link = find(FINANCE, 'approve');
    const before = await snapshot(context, escalationId);
    context.clock.set(TASK_EXPIRES_AT); // past the link's expiry
    assert.deepEqual(await use(context, link), { ok: false, reason: 'expired' });
    context.clock.set(new Date(link.expires));
    assert.deepEqual(await use(context, link), { ok: false, reason: 'expired' });
    assert.deepEqual(await snapshot(context, escalationId), before);
    context.clock.set(new Date(link.expires - 1));
    assert.ok((await use(context, link)).ok);
  });

  it('writes the invoice off from a write-off link and resumes the workflow with that outcome', async () => {
    const context = setup();
    const { find } = await escalate(context);
    const result = await use(context, find(CFO, 'write-off'));
    assert.ok(result.ok);
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'written_off');
    const types = (await context.invoices.timeline(TENANT, NUMBER)).map((event) => event.type);
    assert.deepEqual(types, ['escalation.requested', 'escalation.decided', 'invoice.written-off']);
    assert.deepEqual(context.taskTokens.succeeded.map((call) => call.output), [{ outcome: 'write-off', decidedBy: CFO }]);
    assert.deepEqual(await planNextStep(context.deps, TENANT, NUMBER), { kind: 'done', reason: 'invoice is written_off' });
  });

  it('extends the due date from an extend link; the next escalation follows from the new date', async () => {
    const context = setup(withEscalation({ extendDays: 14 }));
    context.noticeLedger.putNotice(TENANT, NUMBER, { stage: 'overdue-1-day', status: 'sent', at: '2026-12-02T08:00:00.000Z', messageId: 'msg-0' });
    const { find } = await escalate(context);
    assert.ok((await use(context, find(OWNER, 'extend'))).ok);
    const stored = await context.invoices.get(TENANT, NUMBER);
    assert.equal(stored?.extendedDueDate, '2026-12-15');
    assert.equal(stored?.escalation, undefined);
    assert.equal(stored?.status, 'open');
    // 2026-12-15 + 10 days at 09:00 Berlin.
    assert.deepEqual(await planNextStep(context.deps, TENANT, NUMBER), { kind: 'escalate', at: '2026-12-25T08:00:00.000Z', approvalTimeoutSeconds: SEVEN_DAYS });
  });

  it('keeps the decision when the workflow is gone (stopped or timed out)', async () => {
    const context = setup();
    const { find } = await escalate(context);
    context.taskTokens.gone(TOKEN);
    const result = await use(context, find(FINANCE, 'pause'));
    assert.ok(result.ok);
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.pausedUntil, '2027-01-10T08:00:00.000Z');
    assert.deepEqual(context.taskTokens.succeeded.map((call) => call.result), ['gone']);
  });

  it("answers 'decided' and resumes nothing when the timeout wins the race between opening the link and recording it", async () => {
    const context = setup();
    const { find, escalationId } = await escalate(context);
    let raced = false;
    context.escalations.beforeDecideEscalation = () => {
      if (raced) return;
      raced = true;
      return applyEscalationTimeout(context.deps, TENANT, NUMBER).then(() => undefined);
    };
    const link = find(FINANCE, 'write-off');
    const result = await use(context, link);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'decided');
    const stored = await context.invoices.get(TENANT, NUMBER);
    assert.equal(stored?.status, 'open');
    assert.equal(stored?.escalation?.decision, 'timeout');
    assert.equal((await context.escalations.getLink(link.linkId))?.usedAt, undefined);
    assert.deepEqual(context.taskTokens.succeeded, []);
    assert.equal(context.escalations.storedLinks(escalationId).filter((stored) => stored.usedAt).length, 0);
  });

  it("refuses the links of an escalation that a restarted workflow requested again as 'decided'", async () => {
    const context = setup();
    const { find } = await escalate(context);
    const old = find(FINANCE, 'approve');
    await requestApproval(context.deps, TENANT, NUMBER, 'task-token-2', SEVEN_DAYS);
    assert.deepEqual(await use(context, old), { ok: false, reason: 'decided', invoice: await context.invoices.get(TENANT, NUMBER) });
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.escalation?.status, 'pending');
  });

  it(
    'does not write off or hand over an invoice that was paid while its escalation was pending',
    async () => {
      const context = setup();
      const { find } = await escalate(context);
      await recordPayment(context.deps, TENANT, { invoiceNumber: NUMBER, amount: 125000, currency: 'EUR', paidAt: '2026-12-11', reference: 'BANK-9' });
      const result = await use(context, find(CFO, 'write-off'));
      assert.equal(result.ok, false);
      assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'paid');
      const types = (await context.invoices.timeline(TENANT, NUMBER)).map((event) => event.type);
      assert.ok(!types.includes('invoice.written-off'), types.join(', '));
    },
  );
});

describe('applyEscalationTimeout', () => {
  it("applies the policy's timeout action 'stop': the escalation stops with decision 'timeout' and collection ends", async () => {
    const context = setup();
    const { links, escalationId } = await escalate(context);
    context.clock.set(TASK_EXPIRES_AT);
    assert.deepEqual(await applyEscalationTimeout(context.deps, TENANT, NUMBER), { outcome: 'stop' });
    const stored = await context.invoices.get(TENANT, NUMBER);
    assert.deepEqual(stored?.escalation, { id: escalationId, status: 'stopped', requestedAt: REQUESTED_AT, expiresAt: TASK_EXPIRES_AT, decision: 'timeout', decidedBy: 'timeout', decidedAt: TASK_EXPIRES_AT });
    const timedOut = (await context.invoices.timeline(TENANT, NUMBER)).find((event) => event.type === 'escalation.timed-out');
    assert.deepEqual(timedOut?.detail, { escalationId, decision: 'stop', decidedBy: 'timeout' });
    assert.deepEqual(await planNextStep(context.deps, TENANT, NUMBER), { kind: 'done', reason: 'collection stopped: escalation timeout' });
    context.clock.set(new Date(links[0]!.expires - 1));
    assert.deepEqual(await use(context, links[0]!), { ok: false, reason: 'decided', invoice: stored });
  });

  it("applies the timeout action 'approve': the grace period starts and the final notice follows", async () => {
    const context = setup(withEscalation({ onTimeout: 'approve' }));
    await escalate(context);
    context.clock.set(TASK_EXPIRES_AT);
    assert.deepEqual(await applyEscalationTimeout(context.deps, TENANT, NUMBER), { outcome: 'approve' });
    const escalation = (await context.invoices.get(TENANT, NUMBER))?.escalation;
    assert.equal(escalation?.status, 'approved');
    assert.equal(escalation?.decision, 'timeout');
    assert.equal(escalation?.graceEndsAt, '2026-12-28T08:00:00.000Z');
    assert.deepEqual(await planNextStep(context.deps, TENANT, NUMBER), { kind: 'final-notice', at: TASK_EXPIRES_AT, stage: 'final-notice' });
  });

  it("applies the timeout action 'agency': the invoice goes to the agency", async () => {
    const context = setup(withEscalation({ onTimeout: 'agency' }));
    await escalate(context);
    assert.deepEqual(await applyEscalationTimeout(context.deps, TENANT, NUMBER), { outcome: 'agency' });
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'with_agency');
    const types = (await context.invoices.timeline(TENANT, NUMBER)).map((event) => event.type);
    assert.deepEqual(types, ['escalation.requested', 'escalation.timed-out', 'invoice.sent-to-agency']);
  });

  it("answers 'already-decided' and changes nothing when an approver decided first", async () => {
    const context = setup();
    const { find, escalationId } = await escalate(context);
    assert.ok((await use(context, find(FINANCE, 'approve'))).ok);
    const after = await snapshot(context, escalationId);
    assert.deepEqual(await applyEscalationTimeout(context.deps, TENANT, NUMBER), { outcome: 'already-decided' });
    assert.deepEqual(await snapshot(context, escalationId), after);
  });

  it("answers 'already-decided' when an approver's decision commits between its read and its write", async () => {
    const context = setup();
    const { find } = await escalate(context);
    let raced = false;
    context.escalations.beforeDecideEscalation = () => {
      if (raced) return;
      raced = true;
      return use(context, find(FINANCE, 'approve')).then(() => undefined);
    };
    assert.deepEqual(await applyEscalationTimeout(context.deps, TENANT, NUMBER), { outcome: 'already-decided' });
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.escalation?.decision, 'approve');
  });

  it("answers 'already-decided' for an invoice without an escalation, and NotFoundError for no invoice", async () => {
    const context = setup();
    await assert.rejects(applyEscalationTimeout(context.deps, TENANT, NUMBER), NotFoundError);
    context.invoices.put(invoice());
    assert.deepEqual(await applyEscalationTimeout(context.deps, TENANT, NUMBER), { outcome: 'already-decided' });
    assert.deepEqual(await context.invoices.timeline(TENANT, NUMBER), []);
  });

  it(
    "does not write off an invoice that was paid while its escalation was pending, whatever the policy's timeout action",
    async () => {
      const context = setup(withEscalation({ onTimeout: 'write-off' }));
      await escalate(context);
      await recordPayment(context.deps, TENANT, { invoiceNumber: NUMBER, amount: 125000, currency: 'EUR', paidAt: '2026-12-11', reference: 'BANK-9' });
      await applyEscalationTimeout(context.deps, TENANT, NUMBER);
      assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'paid');
    },
  );
});

describe('applyFinalAction', () => {
  const approved = {
    id: 'esc-1',
    status: 'approved' as const,
    requestedAt: REQUESTED_AT,
    expiresAt: TASK_EXPIRES_AT,
    decision: 'approve' as const,
    decidedBy: FINANCE,
    decidedAt: '2026-12-12T10:00:00.000Z',
    graceEndsAt: '2026-12-22T10:00:00.000Z',
  };
  const GRACE_ENDS = '2026-12-22T10:00:00.000Z';

  it('writes the invoice off when the grace period ends, naming who approved it', async () => {
    const context = setup(escalatingPolicy, GRACE_ENDS);
    context.invoices.put(invoice({ escalation: approved }));
    assert.deepEqual(await applyFinalAction(context.deps, TENANT, NUMBER, 'write-off'), { outcome: 'write-off' });
    const stored = await context.invoices.get(TENANT, NUMBER);
    assert.equal(stored?.status, 'written_off');
    assert.equal(stored?.updatedAt, GRACE_ENDS);
    assert.deepEqual(await context.invoices.timeline(TENANT, NUMBER), [
      {
        type: 'invoice.written-off',
        at: GRACE_ENDS,
        key: 'invoice.written-off:final:esc-1',
        detail: { reason: 'grace period ended unpaid', approvedBy: FINANCE, balance: 125000 },
      },
    ]);
    assert.deepEqual(await planNextStep(context.deps, TENANT, NUMBER), { kind: 'done', reason: 'invoice is written_off' });
  });

  it('hands the invoice to an agency with its full history on the event', async () => {
    const context = setup(escalatingPolicy, GRACE_ENDS);
    const stored = invoice({ escalation: approved });
    context.invoices.put(stored);
    context.noticeLedger.putNotice(TENANT, NUMBER, { stage: 'final-notice', status: 'sent', at: '2026-12-12T10:00:00.000Z', messageId: 'msg-9' });
    await context.invoices.appendEvent(TENANT, NUMBER, { type: 'final-notice.sent', at: '2026-12-12T10:00:00.000Z', key: 'reminder.sent:final-notice' });
    assert.deepEqual(await applyFinalAction(context.deps, TENANT, NUMBER, 'agency'), { outcome: 'agency' });
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'with_agency');
    const handover = (await context.invoices.timeline(TENANT, NUMBER)).find((event) => event.type === 'invoice.sent-to-agency');
    assert.equal(handover?.key, 'invoice.sent-to-agency:final:esc-1');
    assert.deepEqual(handover?.detail, {
      approvedBy: FINANCE,
      invoice: stored,
      notices: [{ stage: 'final-notice', status: 'sent', at: '2026-12-12T10:00:00.000Z', messageId: 'msg-9' }],
      timeline: [{ type: 'final-notice.sent', at: '2026-12-12T10:00:00.000Z', key: 'reminder.sent:final-notice' }],
    });
  });

  it('skips an invoice that is no longer open and changes nothing', async () => {
    const context = setup(escalatingPolicy, GRACE_ENDS);
    context.invoices.put(invoice({ escalation: approved, status: 'paid', balance: 0 }));
    assert.deepEqual(await applyFinalAction(context.deps, TENANT, NUMBER, 'write-off'), { outcome: 'skipped: invoice is paid' });
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'paid');
    assert.deepEqual(await context.invoices.timeline(TENANT, NUMBER), []);
  });

  it('skips when a payment closes the invoice between its read and its write', async () => {
    const context = setup(escalatingPolicy, GRACE_ENDS);
    context.invoices.put(invoice({ escalation: approved }));
    context.invoices.beforeCloseInvoice = () => context.invoices.update(TENANT, NUMBER, { status: 'paid', balance: 0 });
    assert.deepEqual(await applyFinalAction(context.deps, TENANT, NUMBER, 'write-off'), { outcome: 'skipped: invoice changed' });
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'paid');
    assert.deepEqual(await context.invoices.timeline(TENANT, NUMBER), []);
  });

  it('throws NotFoundError for an invoice that does not exist', async () => {
    const context = setup();
    await assert.rejects(applyFinalAction(context.deps, TENANT, NUMBER, 'agency'), NotFoundError);
  });
});

describe('a whole collection under a policy with escalation', () => {
  it('walks an invoice from its first reminder through approval, final notice and grace period to a write-off', async () => {
    const context = setup(escalatingPolicy, '2026-11-01T10:00:00.000Z');
    await ingestAndStart(context.deps, TENANT, invoiceInput({ policy: 'strict', customer: { ...invoiceInput().customer, accountOwner: OWNER } }));
    const path: string[] = [];
    for (let step = await planNextStep(context.deps, TENANT, NUMBER); step.kind !== 'done'; step = await planNextStep(context.deps, TENANT, NUMBER)) {
      assert.ok(path.length < 10, `no end: ${path.join(' → ')}`);
      context.clock.set(step.at); // the workflow's Wait state
      path.push(`${step.kind}@${step.at}`);
      if (step.kind === 'reminder' || step.kind === 'final-notice') await sendReminder(context.deps, TENANT, NUMBER, step.stage);
      if (step.kind === 'escalate') {
        await requestApproval(context.deps, TENANT, NUMBER, TOKEN, step.approvalTimeoutSeconds);
        const approve = (await mailedLinks(context.mailer, context.escalations)).find((link) => link.approver === FINANCE && link.decision === 'approve');
        context.clock.set('2026-12-12T10:00:00.000Z'); // finance decides the next morning
        assert.ok((await use(context, approve!)).ok);
      }
      if (step.kind === 'final-action') await applyFinalAction(context.deps, TENANT, NUMBER, step.action);
      if (step.kind === 'resume') assert.fail('nothing pauses this invoice');
    }
    assert.deepEqual(path, [
      'reminder@2026-12-02T08:00:00.000Z',
      'escalate@2026-12-11T08:00:00.000Z',
      'final-notice@2026-12-12T10:00:00.000Z',
      'final-action@2026-12-22T10:00:00.000Z',
    ]);
    assert.equal((await context.invoices.get(TENANT, NUMBER))?.status, 'written_off');
    assert.deepEqual(
      context.mailer.sent.map((email) => `${email.to.join(',')}:${email.headers?.['X-Arflow-Stage']}`),
      ['ap@acme.example:overdue-1-day', `${OWNER}:escalation`, `${FINANCE}:escalation`, `${CFO}:escalation`, 'ap@acme.example:final-notice'],
    );
    assert.deepEqual(
      (await context.invoices.timeline(TENANT, NUMBER)).map((event) => event.type),
      [
        'invoice.created',
        'workflow.started',
        'reminder.scheduled',
        'reminder.sent',
        'escalation.requested',
        'escalation.decided',
        'final-notice.sent',
        'invoice.written-off',
      ],
    );
  });
});
