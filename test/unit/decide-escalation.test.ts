import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyEscalationTimeout } from '../../shared/escalation/index.js';
import { planNextStep } from '../../shared/reminders/index.js';
import { recordPayment } from '../../shared/payments/index.js';
import { requestApproval } from '../../shared/escalation/index.js';
import { TENANT, NUMBER, TOKEN, OWNER, FINANCE, CFO, SEVEN_DAYS, REQUESTED_AT, TASK_EXPIRES_AT, withEscalation, setup, escalate, use, snapshot } from './escalation.fixtures.js';


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
