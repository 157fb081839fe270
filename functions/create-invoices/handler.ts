import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { invoiceInputSchema } from '../../shared/invoicing/index.js';
import { ingestInvoice } from '../../shared/imports/index.js';
import { ingestInvoices, invoiceUpsertSchema, upsertInvoices, type BatchIngestOutcome, type IngestDeps, type UpsertDeps } from '../../shared/imports/index.js';
import { logger } from '../../shared/kernel/index.js';
import { fieldIssues } from '../../shared/kernel/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { apiSourceOf, batchItemFailure, json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { invoiceResource } from '../_shared/resources.js';

export const MAX_BATCH = 500;

const batchSchema = z.object({
  invoices: z.array(z.unknown()).min(1, 'must hold at least one invoice').max(MAX_BATCH, `must hold at most ${MAX_BATCH} invoices; split larger sets`),
  /** create (the default): a number is created once; upsert: each item is the system of record's version (as PUT /invoices/{number}). */
  mode: z.enum(['create', 'upsert'], { error: 'must be create or upsert' }).default('create'),
});

type Deps = IngestDeps & UpsertDeps;
type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

/**
 * POST /invoices: one invoice (201 created, 200 unchanged) or `{ "invoices": [...] }` with a result per
 * item. Answers once the invoices are stored; their workflows start from the table's stream.
 */
export const createHandler = (deps: Deps) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    const body = jsonBody(event);
    if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'invoices' in body) {
      const batch = parseWith(batchSchema, body, 'batch');
      return batch.mode === 'upsert' ? upsertBatch(deps, tenantId, batch, apiSourceOf(event)) : ingestBatch(deps, tenantId, batch);
    }
    const input = parseWith(invoiceInputSchema, body, 'invoice');
    const { outcome, invoice, warnings } = await ingestInvoice(deps, tenantId, input);
    return json(outcome === 'created' ? 201 : 200, { outcome, invoice: invoiceResource(invoice), ...(warnings.length ? { warnings } : {}) });
  });

/** Each item validated on its own; the valid ones stored together (shared/imports/ingest-invoices.ts). */
async function ingestBatch(deps: Deps, tenantId: string, batch: z.infer<typeof batchSchema>) {
  const items = parseItems(batch.invoices, invoiceInputSchema);
  const valid = items.filter((item) => item.parsed.success);
  let outcomes: BatchIngestOutcome[] | undefined;
  try {
    outcomes = await ingestInvoices(deps, tenantId, valid.map((item) => item.parsed.data!));
  } catch (error) {
    // An outage: some invoices may be stored, none is lost or doubled by a retry (a stored one answers unchanged).
    logger.error('Batch failed', { error, invoices: valid.length });
  }
  const outcomeOf = new Map(valid.map((item, position) => [item.index, outcomes?.[position]]));
  const results = items.map(({ index, invoiceNumber, parsed }) => {
    if (!parsed.success) return invalidItem(index, invoiceNumber, parsed.error);
    const result = outcomeOf.get(index);
    if (result === undefined) return { index, invoiceNumber, status: 503, outcome: 'error', error: { code: 'temporarily_unavailable', message: 'Not stored; retry this invoice' } };
    if (result.outcome === 'refused') return { index, invoiceNumber, ...batchItemFailure(result.error, 'Not stored; retry this invoice') };
    const { outcome, invoice, warnings } = result;
    return { index, invoiceNumber, status: outcome === 'created' ? 201 : 200, outcome, invoice: invoiceResource(invoice), ...(warnings.length ? { warnings } : {}) };
  });
  return json(200, { summary: summaryOf(['created', 'unchanged', 'invalid', 'conflict', 'error'], results), results });
}

/** `"mode": "upsert"`: each item validated on its own, then upserted by its version (shared/imports/upsert-invoice.ts). */
async function upsertBatch(deps: Deps, tenantId: string, batch: z.infer<typeof batchSchema>, source: ReturnType<typeof apiSourceOf>) {
  const items = parseItems(batch.invoices, invoiceUpsertSchema);
  const valid = items.filter((item) => item.parsed.success);
  const outcomes = await upsertInvoices(deps, tenantId, valid.map((item) => item.parsed.data!), () => source);
  const outcomeOf = new Map(valid.map((item, position) => [item.index, outcomes[position]!]));
  const results = items.map(({ index, invoiceNumber, parsed }) => {
    if (!parsed.success) return invalidItem(index, invoiceNumber, parsed.error);
    const result = outcomeOf.get(index)!;
    if (result.outcome === 'refused') return { index, invoiceNumber, ...batchItemFailure(result.error, 'Not stored; retry this invoice') };
    return { index, invoiceNumber, status: result.outcome === 'created' ? 201 : 200, outcome: result.outcome, invoice: invoiceResource(result.invoice) };
  });
  return json(200, { summary: summaryOf(['created', 'updated', 'unchanged', 'stale', 'invalid', 'conflict', 'error'], results), results });
}

/** A batch's items, each with its number (named in its result even when invalid) and its own validation. */
function parseItems<T>(invoices: readonly unknown[], schema: z.ZodType<T>) {
  return invoices.map((item, index) => {
    const invoiceNumber = typeof item === 'object' && item && 'invoiceNumber' in item ? String(item.invoiceNumber) : undefined;
    return { index, invoiceNumber, parsed: schema.safeParse(item) };
  });
}

function invalidItem(index: number, invoiceNumber: string | undefined, error: z.ZodError) {
  return { index, invoiceNumber, status: 422, outcome: 'invalid', error: { code: 'validation_failed', message: 'The invoice is invalid', issues: fieldIssues(error) } };
}

/** How many results have each outcome, every listed outcome present (0 when none). */
function summaryOf(outcomes: readonly string[], results: readonly { outcome: string }[]): Record<string, number> {
  return Object.fromEntries(outcomes.map((outcome) => [outcome, results.filter((r) => r.outcome === outcome).length]));
}

export const handler = createHandler(collectionDeps());
