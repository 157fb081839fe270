import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { OwnerTask, SentMessage, Suppression } from '../../shared/notices/index.js';
import { count, forEachStore, uniqueId, uniqueTenant } from './support/stores.js';

// The four ports of a notice's delivery side (sent messages, suppressed addresses, owner tasks,
// statements of a day), each held to the same conditions on DynamoDB Local and in memory.

const message = (tenantId: string, messageId = uniqueId('msg')): SentMessage => ({
  messageId,
  tenantId,
  customerId: 'C-1',
  recipients: ['ap@acme.example'],
  notices: [{ invoiceNumber: 'INV-1', stage: 'overdue-7' }],
  sentAt: '2026-12-08T08:00:00.000Z',
});

const suppression = (email: string): Suppression => ({ email, reason: 'bounce', since: '2026-12-08T08:00:05.000Z', messageId: uniqueId('msg'), customerId: 'C-1' });

const task = (tenantId: string, openedAt: string, taskId = uniqueId('task')): OwnerTask => ({
  taskId,
  tenantId,
  kind: 'contact-bounced',
  customerId: 'C-1',
  email: 'ap@acme.example',
  invoiceNumbers: ['INV-1'],
  openedAt,
  status: 'open',
});

forEachStore((_name, makeStores) => {
  it('reads a sent message back as recorded, and nothing for an unknown id', async () => {
    const { sentMessages } = makeStores();
    const sent = message(uniqueTenant());
    await sentMessages.recordMessage(sent);
    assert.deepEqual(await sentMessages.message(sent.messageId), sent);
    assert.equal(await sentMessages.message(uniqueId('msg')), undefined);
  });

  it('lets exactly one of ten concurrent claims re-send a bounced message, none for an unknown message, and one again after a release', async () => {
    const { sentMessages } = makeStores();
    const sent = message(uniqueTenant());
    await sentMessages.recordMessage(sent);
    const claims = await Promise.all(Array.from({ length: 10 }, () => sentMessages.claimResend(sent.messageId, '2026-12-08T09:00:00.000Z')));
    assert.equal(count(claims, true), 1);
    assert.equal(await sentMessages.claimResend(uniqueId('msg'), '2026-12-08T09:00:00.000Z'), false);
    await sentMessages.releaseResend(sent.messageId);
    assert.equal(await sentMessages.claimResend(sent.messageId, '2026-12-08T09:05:00.000Z'), true);
  });

  it('suppresses an address once (the first of ten concurrent calls), case-insensitively, for its tenant only, until it is lifted', async () => {
    const { suppressions } = makeStores();
    const tenant = uniqueTenant();
    const other = uniqueTenant();
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => suppressions.suppress(tenant, suppression('AP@Acme.example'))));
    assert.equal(count(outcomes, true), 1);
    assert.deepEqual([...(await suppressions.suppressedAmong(tenant, ['ap@acme.example', 'owner@acme.example']))], ['ap@acme.example']);
    assert.deepEqual([...(await suppressions.suppressedAmong(other, ['ap@acme.example']))], []);
    assert.deepEqual((await suppressions.suppressions(tenant)).map((s) => s.email), ['ap@acme.example']);
    assert.deepEqual(await suppressions.suppressions(other), []);
    assert.equal(await suppressions.unsuppress(tenant, 'ap@acme.example'), true);
    assert.equal(await suppressions.unsuppress(tenant, 'ap@acme.example'), false);
    assert.deepEqual([...(await suppressions.suppressedAmong(tenant, ['ap@acme.example']))], []);
  });

  it('lists a tenant\'s owner tasks oldest first, by status, and closes one once whoever asks first', async () => {
    const { ownerTasks } = makeStores();
    const tenant = uniqueTenant();
    const later = task(tenant, '2026-12-09T08:00:00.000Z');
    const earlier = task(tenant, '2026-12-08T08:00:00.000Z');
    await ownerTasks.openTask(later);
    await ownerTasks.openTask(earlier);
    await ownerTasks.openTask(task(uniqueTenant(), '2026-12-07T08:00:00.000Z'));
    assert.deepEqual((await ownerTasks.tasks(tenant)).map((t) => t.taskId), [earlier.taskId, later.taskId]);

    const closure = { closedAt: '2026-12-10T08:00:00.000Z', closedBy: 'finance@acme.example', note: 'called them' };
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => ownerTasks.closeTask(tenant, earlier.taskId, closure)));
    assert.equal(outcomes.filter((o) => o.outcome === 'closed').length, 1);
    assert.equal(outcomes.filter((o) => o.outcome === 'already-closed').length, 4);
    for (const outcome of outcomes) if (outcome.outcome !== 'not-found') assert.equal(outcome.task.closedBy, 'finance@acme.example');
    assert.deepEqual((await ownerTasks.tasks(tenant, 'open')).map((t) => t.taskId), [later.taskId]);
    assert.deepEqual((await ownerTasks.tasks(tenant, 'closed')).map((t) => [t.taskId, t.note]), [[earlier.taskId, 'called them']]);
    assert.deepEqual(await ownerTasks.closeTask(uniqueTenant(), later.taskId, closure), { outcome: 'not-found' });
    assert.deepEqual(await ownerTasks.closeTask(tenant, uniqueId('task'), closure), { outcome: 'not-found' });
  });

  it("claims a customer's statement of a day once, says what was sent after, and gives back only an unsent claim", async () => {
    const { statements } = makeStores();
    const tenant = uniqueTenant();
    const claims = await Promise.all(Array.from({ length: 10 }, () => statements.claimStatement(tenant, 'C-1', '2026-12-08')));
    assert.equal(claims.filter((claim) => claim.claimed).length, 1);
    assert.deepEqual(await statements.claimStatement(tenant, 'C-1', '2026-12-08'), { claimed: false });

    await statements.releaseStatement(tenant, 'C-1', '2026-12-08');
    assert.deepEqual(await statements.claimStatement(tenant, 'C-1', '2026-12-08'), { claimed: true });
    await statements.recordStatementSent(tenant, 'C-1', '2026-12-08', 'msg-1');
    await statements.releaseStatement(tenant, 'C-1', '2026-12-08');
    assert.deepEqual(await statements.claimStatement(tenant, 'C-1', '2026-12-08'), { claimed: false, messageId: 'msg-1' });
    assert.deepEqual(await statements.claimStatement(tenant, 'C-1', '2026-12-09'), { claimed: true });
    assert.deepEqual(await statements.claimStatement(uniqueTenant(), 'C-1', '2026-12-08'), { claimed: true });
  });
});
