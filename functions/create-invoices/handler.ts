import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { mapWithConcurrency } from '../../shared/concurrency.js';
import { ArflowError, ValidationError } from '../../shared/errors.js';
import { invoiceInputSchema } from '../../shared/invoice.js';
import { ingestInvoice } from '../../shared/use-cases/ingest-invoice.js';
import type { CollectionDeps } from '../../shared/use-cases/deps.js';
import { logger } from '../../shared/adapters/observability.js';
import { fieldIssues } from '../../shared/validation.js';
import { collectionDeps } from '../_shared/deps.js';
import { errorBody, json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { invoiceResource } from '../_shared/resources.js';

export const MAX_BATCH = 500;
/** Parallel writes per batch: enough to finish 500 items well inside the API's 29 s. */
const BATCH_CONCURRENCY = 16;

const batchSchema = z.object({
  invoices: z.array(z.unknown()).min(1, 'must hold at least one invoice').max(MAX_BATCH, `must hold at most ${MAX_BATCH} invoices; split larger sets`),
});

type Deps = Pick<CollectionDeps, 'invoices' | 'workflows' | 'clock' | 'policies' | 'customers'>;
type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

/** POST /invoices: one invoice (201 created, 200 unchanged) or `{ "invoices": [...] }` with a result per item. */
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

async function ingestBatch(deps: Deps, tenantId: string, batch: z.infer<typeof batchSchema>) {
  const results = await mapWithConcurrency(batch.invoices, BATCH_CONCURRENCY, async (item, index) => {
    const parsed = invoiceInputSchema.safeParse(item);
    const invoiceNumber = typeof item === 'object' && item && 'invoiceNumber' in item ? String(item.invoiceNumber) : undefined;
    if (!parsed.success) {
      return { index, invoiceNumber, status: 422, outcome: 'invalid', error: { code: 'validation_failed', message: 'The invoice is invalid', issues: fieldIssues(parsed.error) } };
    }
    try {
      const { outcome, invoice, warnings } = await ingestInvoice(deps, tenantId, parsed.data);
      return { index, invoiceNumber, status: outcome === 'created' ? 201 : 200, outcome, invoice: invoiceResource(invoice), ...(warnings.length ? { warnings } : {}) };
    } catch (error) {
      if (error instanceof ValidationError) return { index, invoiceNumber, status: 422, outcome: 'invalid', ...errorBody(error) };
      if (error instanceof ArflowError) return { index, invoiceNumber, status: 409, outcome: 'conflict', ...errorBody(error) };
      // One item's outage must not fail the others: report it so the client retries just this one.
      logger.error('Batch item failed', { error, invoiceNumber });
      return { index, invoiceNumber, status: 503, outcome: 'error', error: { code: 'temporarily_unavailable', message: 'Not stored; retry this invoice' } };
    }
  });
  const summary = Object.fromEntries(['created', 'unchanged', 'invalid', 'conflict', 'error'].map((outcome) => [outcome, results.filter((r) => r.outcome === outcome).length]));
  return json(200, { summary, results });
}

export const handler = createHandler(collectionDeps());
