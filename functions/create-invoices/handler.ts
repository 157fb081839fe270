import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { invoiceInputSchema } from '../../shared/invoicing/index.js';
import { ingestInvoice } from '../../shared/imports/index.js';
import { ingestInvoices, type BatchIngestOutcome, type IngestDeps } from '../../shared/imports/index.js';
import { logger } from '../../shared/kernel/index.js';
import { fieldIssues } from '../../shared/kernel/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { batchItemFailure, json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { invoiceResource } from '../_shared/resources.js';

export const MAX_BATCH = 500;

const batchSchema = z.object({
  invoices: z.array(z.unknown()).min(1, 'must hold at least one invoice').max(MAX_BATCH, `must hold at most ${MAX_BATCH} invoices; split larger sets`),
});

type Deps = IngestDeps;
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
      return ingestBatch(deps, tenantId, parseWith(batchSchema, body, 'batch'));
    }
    const input = parseWith(invoiceInputSchema, body, 'invoice');
    const { outcome, invoice, warnings } = await ingestInvoice(deps, tenantId, input);
    return json(outcome === 'created' ? 201 : 200, { outcome, invoice: invoiceResource(invoice), ...(warnings.length ? { warnings } : {}) });
  });

/** Each item validated on its own; the valid ones stored together (shared/imports/ingest-invoices.ts). */
async function ingestBatch(deps: Deps, tenantId: string, batch: z.infer<typeof batchSchema>) {
  const items = batch.invoices.map((item, index) => {
    const invoiceNumber = typeof item === 'object' && item && 'invoiceNumber' in item ? String(item.invoiceNumber) : undefined;
    return { index, invoiceNumber, parsed: invoiceInputSchema.safeParse(item) };
  });
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
    if (!parsed.success) {
      return { index, invoiceNumber, status: 422, outcome: 'invalid', error: { code: 'validation_failed', message: 'The invoice is invalid', issues: fieldIssues(parsed.error) } };
    }
    const result = outcomeOf.get(index);
    if (result === undefined) return { index, invoiceNumber, status: 503, outcome: 'error', error: { code: 'temporarily_unavailable', message: 'Not stored; retry this invoice' } };
    if (result.outcome === 'refused') return { index, invoiceNumber, ...batchItemFailure(result.error, 'Not stored; retry this invoice') };
    const { outcome, invoice, warnings } = result;
    return { index, invoiceNumber, status: outcome === 'created' ? 201 : 200, outcome, invoice: invoiceResource(invoice), ...(warnings.length ? { warnings } : {}) };
  });
  const summary = Object.fromEntries(['created', 'unchanged', 'invalid', 'conflict', 'error'].map((outcome) => [outcome, results.filter((r) => r.outcome === outcome).length]));
  return json(200, { summary, results });
}

export const handler = createHandler(collectionDeps());
