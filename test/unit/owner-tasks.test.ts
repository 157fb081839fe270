import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConflictError, NotFoundError } from '../../shared/kernel/index.js';
import type { OwnerTask } from '../../shared/notices/index.js';
import { closeOwnerTask, closeTaskRequestSchema, listOwnerTasks, taskListQuerySchema } from '../../shared/notices/index.js';
import { collectionSetup } from './fakes/collection-deps.js';

const task = (taskId: string, tenantId = 'acme'): OwnerTask => ({
  taskId,
  tenantId,
  kind: 'contact-bounced',
  customerId: 'C-1',
  email: 'ap@customer.example',
  invoiceNumbers: ['INV-1'],
  openedAt: '2026-12-01T08:00:00.000Z',
  status: 'open',
});

describe('owner tasks: closing and listing', () => {
  it('closes an open task with the time, who and a note, and lists it as closed', async () => {
    const { deps, ownerTasks } = collectionSetup();
    await ownerTasks.openTask(task('t-1'));
    await ownerTasks.openTask(task('t-2'));

    const closed = await closeOwnerTask(deps, 'acme', 't-1', { note: 'new address added', by: 'jo@acme.example' });

    assert.deepEqual(closed, { ...task('t-1'), status: 'closed', closedAt: '2026-12-08T08:00:00.000Z', closedBy: 'jo@acme.example', note: 'new address added' });
    assert.deepEqual((await listOwnerTasks(deps, 'acme', 'open')).map((entry) => entry.taskId), ['t-2']);
    assert.deepEqual((await listOwnerTasks(deps, 'acme', 'closed')).map((entry) => entry.taskId), ['t-1']);
    assert.equal((await listOwnerTasks(deps, 'acme')).length, 2);
  });

  it('refuses to close a task twice (409 task_closed, saying by whom) and leaves the first closing as it was', async () => {
    const { deps, ownerTasks } = collectionSetup();
    await ownerTasks.openTask(task('t-1'));
    await closeOwnerTask(deps, 'acme', 't-1', { by: 'jo@acme.example' });
    await assert.rejects(closeOwnerTask(deps, 'acme', 't-1', { by: 'sam@acme.example', note: 'me too' }), (error: unknown) => error instanceof ConflictError && error.code === 'task_closed' && /by jo@acme\.example/.test(error.message));
    const [stored] = await listOwnerTasks(deps, 'acme');
    assert.equal(stored?.closedBy, 'jo@acme.example');
    assert.equal(stored?.note, undefined);
  });

  it("answers not found for an unknown task and for another tenant's task", async () => {
    const { deps, ownerTasks } = collectionSetup();
    await ownerTasks.openTask(task('t-other', 'globex'));
    await assert.rejects(closeOwnerTask(deps, 'acme', 't-none', {}), NotFoundError);
    await assert.rejects(closeOwnerTask(deps, 'acme', 't-other', {}), NotFoundError);
    assert.equal((await listOwnerTasks(deps, 'globex', 'open')).length, 1);
  });

  it('accepts only open or closed as a status filter and a non-empty note', () => {
    assert.equal(taskListQuerySchema.safeParse({ status: 'done' }).success, false);
    assert.equal(taskListQuerySchema.safeParse({}).success, true);
    assert.equal(closeTaskRequestSchema.safeParse({ note: '  ' }).success, false);
    assert.equal(closeTaskRequestSchema.safeParse({}).success, true);
  });
});
