import * as z from 'zod';
import { daysBetween, dateInZone, decodeCursor, encodeCursor, ValidationError, type CursorScope } from '../kernel/index.js';
import type { CustomerProfile } from '../customers/index.js';
import { invoiceListItemSchema, pageQuerySchema, type InvoiceListItem } from './lists.js';
import type { Caller, ListAnswer, ListDeps } from './list-pages.js';
import { inSegment } from './list-pages.js';

/** GET /worklist?owner=&segment=&status=&limit=&cursor= */
export const worklistRequestSchema = pageQuerySchema.extend({
  owner: z.union([z.literal('mine'), z.email('must be an email address or mine').max(254).transform((email) => email.toLowerCase())]).optional(),
  segment: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be a segment: 1-32 lowercase letters, digits or hyphens').optional(),
  /** Which of today's invoices: all (absent), those disputed, with a promise, or with a promise broken. */
  status: z.enum(['disputed', 'promised', 'broken-promise'], 'must be disputed, promised or broken-promise').optional(),
});
export type WorklistRequest = z.output<typeof worklistRequestSchema>;

export const priorityReasonSchema = z.object({ factor: z.enum(['days-overdue', 'amount', 'broken-promise', 'risk-tier', 'disputed']), points: z.number(), detail: z.string() });
export const worklistItemSchema = invoiceListItemSchema.extend({ priority: z.object({ score: z.number(), reasons: z.array(priorityReasonSchema) }) });
export const worklistResponseSchema = z.object({ items: z.array(worklistItemSchema), nextCursor: z.string().nullable() });
export type WorklistItem = z.output<typeof worklistItemSchema>;

/** The overdue invoices a worklist ranks at most; beyond, the oldest due are ranked (docs/workspace.md). */
export const MAX_WORKLIST_CANDIDATES = 2000;

/**
 * The priority of an overdue invoice, with a reason per factor so the collector sees why it is where it
 * is: days overdue (up to 40 points at 90 days), the balance (up to 30: 10 per power of ten above 10 in
 * the currency's main unit), a broken promise (25), the customer's risk tier (high 20, medium 10), an open
 * dispute (10: it needs a decision). Bounced contacts are not scored yet (docs/workspace.md).
 */
export function priorityOf(item: InvoiceListItem, today: string, risk: CustomerProfile['risk'] | undefined): WorklistItem['priority'] {
  const reasons: WorklistItem['priority']['reasons'] = [];
  const days = daysBetween(item.extendedDueDate ?? item.dueDate, today);
  reasons.push({ factor: 'days-overdue', points: round(Math.min(days, 90) / 90 * 40), detail: `${days} days overdue` });
  reasons.push({ factor: 'amount', points: round(Math.min(30, Math.max(0, 10 * (Math.log10(Math.max(item.balance, 1) / 100) - 1)))), detail: `balance ${item.balance} ${item.currency} (minor units)` });
  if (item.promisedFor !== undefined && item.promisedFor < today) reasons.push({ factor: 'broken-promise', points: 25, detail: `promised for ${item.promisedFor}, still open` });
  if (risk?.tier === 'high' || risk?.tier === 'medium') reasons.push({ factor: 'risk-tier', points: risk.tier === 'high' ? 20 : 10, detail: `customer risk ${risk.tier} (score ${risk.score})` });
  if (item.disputed) reasons.push({ factor: 'disputed', points: 10, detail: 'an open dispute waits for a decision' });
  return { score: round(reasons.reduce((sum, reason) => sum + reason.points, 0)), reasons };
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * GET /worklist: today's overdue open invoices that are not paused, ranked by priority (highest first,
 * ties by invoice number). Paged by (score, number): an invoice whose score changes between pages may
 * move, but a page never repeats the position it continued from.
 */
export async function worklist(deps: ListDeps, tenantId: string, request: WorklistRequest, caller: Caller): Promise<ListAnswer<WorklistItem>> {
  const now = deps.clock.now();
  const today = dateInZone(now, 'UTC');
  const owner = request.owner === 'mine' ? caller.actor.toLowerCase() : request.owner;
  const scope: CursorScope = { tenantId, list: 'worklist', query: JSON.stringify({ owner, segment: request.segment, status: request.status }) };
  const key = await deps.linkKeys.linkKey(tenantId);
  const after = request.cursor === undefined ? undefined : decodeCursor(key, scope, request.cursor);
  if (request.cursor !== undefined && after === undefined) throw new ValidationError('The cursor is invalid', [{ path: 'cursor', message: 'is not a cursor this list gave for these filters; start again without it' }]);

  let candidates: InvoiceListItem[] = [];
  let position: string | undefined;
  do {
    const page = await deps.invoiceList.page(tenantId, { overdue: true, sort: 'dueDate', today, ...(owner === undefined ? {} : { owner }) }, position, 100);
    candidates.push(...page.items);
    position = page.next;
  } while (position !== undefined && candidates.length < MAX_WORKLIST_CANDIDATES);
  candidates = candidates.filter((item) => item.pausedUntil === undefined || item.pausedUntil <= now.toISOString());
  if (request.status === 'disputed') candidates = candidates.filter((item) => item.disputed);
  if (request.status === 'promised') candidates = candidates.filter((item) => item.promisedFor !== undefined && item.promisedFor >= today);
  if (request.status === 'broken-promise') candidates = candidates.filter((item) => item.promisedFor !== undefined && item.promisedFor < today);
  if (request.segment !== undefined) candidates = await inSegment(deps, tenantId, candidates, request.segment);

  const ids = [...new Set(candidates.map((item) => item.customer.id))];
  const profiles = new Map(await Promise.all(ids.map(async (id) => [id, await deps.customers.get(tenantId, id)] as const)));
  const ranked = candidates
    .map((item) => ({ ...item, priority: priorityOf(item, today, profiles.get(item.customer.id)?.risk) }))
    .map((item) => ({ item, at: rankPosition(item) }))
    .sort((a, b) => (a.at < b.at ? -1 : 1))
    .filter(({ at }) => after === undefined || at > after);
  const page = ranked.slice(0, request.limit);
  const more = ranked.length > request.limit;
  return { items: page.map(({ item }) => item), nextCursor: more ? encodeCursor(key, scope, page.at(-1)!.at) : null };
}

/** Highest score first, then invoice number: a string that sorts that way. */
function rankPosition(item: WorklistItem): string {
  return `${String(1_000_000 - Math.round(item.priority.score * 10)).padStart(7, '0')}#${item.invoiceNumber}`;
}
