import * as z from 'zod';
import { ConflictError, NotFoundError } from '../kernel/index.js';
import { ownerTaskStatuses, type OwnerTask } from './notice.ports.js';
import type { NoticesDeps } from './deps.js';

type Deps = Pick<NoticesDeps, 'ownerTasks' | 'clock'>;

/** `GET /tasks?status=open|closed`; all of them without it. */
export const taskListQuerySchema = z.object({ status: z.enum(ownerTaskStatuses, 'must be open or closed').optional() });

/** `POST /tasks/{taskId}/close`: what was done (e.g. "new AP address added") and who did it; both optional. */
export const closeTaskRequestSchema = z.object({
  note: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters').optional(),
  by: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
});
export type CloseTaskRequest = z.infer<typeof closeTaskRequestSchema>;

export function listOwnerTasks(deps: Deps, tenantId: string, status?: OwnerTask['status']): Promise<OwnerTask[]> {
  return deps.ownerTasks.tasks(tenantId, status);
}

/** A person marks a task done, once: an unknown task is a 404, a closed one a 409 that says when and by whom. */
export async function closeOwnerTask(deps: Deps, tenantId: string, taskId: string, request: CloseTaskRequest): Promise<OwnerTask> {
  const result = await deps.ownerTasks.closeTask(tenantId, taskId, {
    closedAt: deps.clock.now().toISOString(),
    ...(request.by ? { closedBy: request.by } : {}),
    ...(request.note ? { note: request.note } : {}),
  });
  if (result.outcome === 'not-found') throw new NotFoundError(`No task ${taskId}`);
  if (result.outcome === 'already-closed') {
    const { closedAt, closedBy } = result.task;
    throw new ConflictError('task_closed', `Task ${taskId} was closed at ${closedAt ?? 'an earlier time'}${closedBy ? ` by ${closedBy}` : ''}`);
  }
  return result.task;
}
