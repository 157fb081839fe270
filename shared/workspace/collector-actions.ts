import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { addDays, calendarDateSchema, ConflictError, dateInZone, NotFoundError, ValidationError, type Clock, type TimelineEvent } from '../kernel/index.js';
import type { Invoice, InvoiceRepository, InvoiceWorkflows } from '../invoicing/index.js';
import { MAX_PROMISE_DAYS, type CustomerAction } from '../self-service/index.js';

/** recordCustomerRequest marks a link's action used; with no link (finance acting) the action is not stored. */
const LINKLESS: CustomerAction = 'promise';
import type { CustomerLinkRepository } from '../self-service/index.js';
import { restartWorkflow } from '../policy-assignment/index.js';
import type { CustomerRepository } from '../customers/index.js';
import type { PolicyRepository } from '../policies/index.js';

/** The longest pause a collector can set; longer is a dispute, a payment plan or a write-off. */
export const MAX_PAUSE_DAYS = 365;

export const pauseRequestSchema = z.object({
  /** Collection resumes at the start of this day (UTC). */
  until: calendarDateSchema,
  reason: z.string().trim().max(500).optional(),
});
export const resumeRequestSchema = z.object({ reason: z.string().trim().max(500).optional() }).default({});
export const noteRequestSchema = z.object({
  kind: z.enum(['call', 'note'], 'must be call or note'),
  text: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
});
export const phonePromiseRequestSchema = z.object({ date: calendarDateSchema, note: z.string().trim().max(500).optional() });

export type PauseRequest = z.output<typeof pauseRequestSchema>;
export type NoteRequest = z.output<typeof noteRequestSchema>;
export type PhonePromiseRequest = z.output<typeof phonePromiseRequestSchema>;

export interface CollectorActionDeps {
  invoices: InvoiceRepository;
  customerLinks: Pick<CustomerLinkRepository, 'recordCustomerRequest'>;
  workflows: InvoiceWorkflows;
  clock: Clock;
  customers?: CustomerRepository;
  policies?: PolicyRepository;
}

/** Who acted, as the timeline shows it: the signed-in person or the API key's label. */
export type Actor = string;

const MAX_ATTEMPTS = 3;

/**
 * Pauses collection until a day: nothing is sent before it (the workflow plans a `resume` at that
 * instant, and the notice claim refuses a paused invoice however the workflow got there). The invoice
 * moves to a new workflow revision so a workflow waiting for a reminder plans again now.
 */
export async function pauseCollection(deps: CollectorActionDeps, tenantId: string, invoiceNumber: string, request: PauseRequest, by: Actor): Promise<Invoice> {
  const today = dateInZone(deps.clock.now(), 'UTC');
  if (request.until <= today) throw new ValidationError('The pause is invalid', [{ path: 'until', message: 'must be after today' }]);
  if (request.until > addDays(today, MAX_PAUSE_DAYS)) throw new ValidationError('The pause is invalid', [{ path: 'until', message: `must be within ${MAX_PAUSE_DAYS} days` }]);
  const pausedUntil = `${request.until}T00:00:00.000Z`;
  return act(deps, tenantId, invoiceNumber, () => ({
    after: { pausedUntil },
    event: { type: 'collection.paused', detail: { until: pausedUntil, by, ...(request.reason ? { reason: request.reason } : {}) } },
    replan: 'paused by a collector',
  }));
}

/** Ends a pause now: the workflow plans from the invoice and its ledger again (nothing sent twice). */
export async function resumeCollection(deps: CollectorActionDeps, tenantId: string, invoiceNumber: string, reason: string | undefined, by: Actor): Promise<Invoice> {
  return act(deps, tenantId, invoiceNumber, (invoice, at) => {
    if (invoice.pausedUntil === undefined || invoice.pausedUntil <= at) throw new ConflictError('invoice_not_paused', `Invoice ${invoiceNumber} is not paused`);
    return { after: { pausedUntil: undefined }, event: { type: 'collection.resumed', detail: { by, pausedUntil: invoice.pausedUntil, ...(reason ? { reason } : {}) } }, replan: 'resumed by a collector' };
  });
}

/** A call or a note on the invoice's timeline, open or closed; collection is not changed. */
export async function addNote(deps: CollectorActionDeps, tenantId: string, invoiceNumber: string, request: NoteRequest, by: Actor): Promise<TimelineEvent> {
  const invoice = await deps.invoices.get(tenantId, invoiceNumber);
  if (!invoice) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
  const type = request.kind === 'call' ? 'collector.call-logged' : 'collector.note-added';
  const event: TimelineEvent = { type, at: deps.clock.now().toISOString(), key: `${type}:${randomUUID()}`, detail: { text: request.text, by } };
  await deps.invoices.appendEvent(tenantId, invoiceNumber, event);
  return event;
}

/** A promise to pay taken by phone: the same promise as the customer's link records, collection waits for its date. */
export async function recordPhonePromise(deps: CollectorActionDeps, tenantId: string, invoiceNumber: string, request: PhonePromiseRequest, by: Actor): Promise<Invoice> {
  const today = dateInZone(deps.clock.now(), 'UTC');
  if (request.date < today) throw new ValidationError('The promise is invalid', [{ path: 'date', message: 'must be today or later' }]);
  if (request.date > addDays(today, MAX_PROMISE_DAYS)) throw new ValidationError('The promise is invalid', [{ path: 'date', message: `must be within ${MAX_PROMISE_DAYS} days; for longer, agree a payment plan` }]);
  return act(deps, tenantId, invoiceNumber, (invoice, at) => ({
    after: { promise: { date: request.date, madeAt: at } },
    event: { type: 'promise.made', detail: { date: request.date, source: 'phone', by, balance: invoice.balance, ...(request.note ? { note: request.note } : {}) } },
    replan: 'promise taken by phone',
  }));
}

type Change = {
  after: Partial<Pick<Invoice, 'pausedUntil' | 'promise'>>;
  event: Omit<TimelineEvent, 'at' | 'key'>;
  /** Why the workflow moves to a new revision; absent when collection does not change. */
  replan?: string;
};

/**
 * One action, once: the invoice's new state and its event in one conditional write (the invoice
 * still open and unchanged since it was read; a concurrent change reads again), then the re-plan.
 * The write is the customer-request write of self-service (without a link: the actor is finance).
 */
async function act(deps: CollectorActionDeps, tenantId: string, invoiceNumber: string, change: (invoice: Invoice, at: string) => Change): Promise<Invoice> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const invoice = await deps.invoices.get(tenantId, invoiceNumber);
    if (!invoice) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
    if (invoice.status !== 'open') throw new ConflictError('invoice_not_open', `Invoice ${invoiceNumber} is ${invoice.status}`);
    const at = deps.clock.now().toISOString();
    const { after, event, replan } = change(invoice, at);
    const next = { pausedUntil: invoice.pausedUntil, dispute: invoice.dispute, promise: invoice.promise, ...after, updatedAt: at };
    const recorded = await deps.customerLinks.recordCustomerRequest(invoice, next, undefined, LINKLESS, [{ ...event, at, key: `${event.type}:${randomUUID()}` }]);
    if (recorded === 'changed') continue;
    const changed = { ...invoice, ...next };
    if (next.pausedUntil === undefined) delete changed.pausedUntil;
    if (replan) await restartWorkflow(deps, changed, replan);
    return changed;
  }
  throw new ConflictError('concurrent_update', `Invoice ${invoiceNumber} changed repeatedly while the action was recorded; retry the request`);
}
