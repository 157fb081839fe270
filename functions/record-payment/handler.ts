import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '../../shared/kernel/index.js';
import { mapWithConcurrency } from '../../shared/kernel/index.js';
import { paymentRequestId, paymentRequestSchema, type PaymentRequest } from '../../shared/payments/index.js';
import { receivePayment } from '../../shared/payments/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { fieldIssues } from '../../shared/kernel/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { batchItemFailure, json, jsonBody, parseWith, statusOf, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { invoiceResource, paymentResource } from '../_shared/resources.js';

export const MAX_BATCH = 500;
/** Payments of one batch often pay the same invoices: few in parallel keeps retries on stale reads rare. */
const BATCH_CONCURRENCY = 4;

const batchSchema = z.object({
  payments: z.array(z.unknown()).min(1, 'must hold at least one payment').max(MAX_BATCH, `must hold at most ${MAX_BATCH} payments; split larger sets`),
});

type Deps = Pick<CollectionDeps, 'invoices' | 'payments' | 'workflows' | 'clock'>;
type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

/**
 * POST /payments: one payment (201 recorded, 200 the same payment again) or `{ "payments": [...] }`
 * with a result per item. A payment names its invoice (`invoiceNumber`), several (`allocations`), or
 * neither (matched by reference, else to its customer's oldest open invoices).
 */
export const createHandler = (deps: Deps) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    const body = jsonBody(event);
    if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'payments' in body) {
      return recordBatch(deps, tenantId, parseWith(batchSchema, body, 'batch'));
    }
    const request = parseWith(paymentRequestSchema, body, 'payment');
    const { status, ...result } = await record(deps, tenantId, request);
    return json(status, result);
  });

async function record(deps: Deps, tenantId: string, request: PaymentRequest, occurrence = 1) {
  const { outcome, payment, invoices } = await receivePayment(deps, tenantId, request, { occurrence });
  const single = request.invoiceNumber ? invoices.find((invoice) => invoice.invoiceNumber === request.invoiceNumber) : undefined;
  return {
    status: outcome === 'applied' ? 201 : 200,
    outcome,
    payment: paymentResource(payment),
    ...(single ? { invoice: invoiceResource(single) } : {}),
    invoices: invoices.map(invoiceResource),
  };
}

/**
 * Identical payments without an `externalId` in one batch are distinct payments (two equal lines of a
 * bank statement are two transfers): the n-th copy gets its own id, the same on a retry of the batch,
 * so a retried batch records nothing twice. With `externalId`, the id decides.
 */
async function recordBatch(deps: Deps, tenantId: string, batch: z.infer<typeof batchSchema>) {
  const parsedItems = batch.payments.map((item) => paymentRequestSchema.safeParse(item));
  const seen = new Map<string, number>();
  const occurrences = parsedItems.map((parsed) => {
    if (!parsed.success || parsed.data.externalId !== undefined) return 1;
    const id = paymentRequestId(tenantId, parsed.data);
    const occurrence = (seen.get(id) ?? 0) + 1;
    seen.set(id, occurrence);
    return occurrence;
  });
  const results = await mapWithConcurrency(parsedItems, BATCH_CONCURRENCY, async (parsed, index) => {
    if (!parsed.success) {
      return { index, status: 422, outcome: 'invalid', error: { code: 'validation_failed', message: 'The payment is invalid', issues: fieldIssues(parsed.error) } };
    }
    try {
      return { index, ...(await record(deps, tenantId, parsed.data, occurrences[index])) };
    } catch (error) {
      // One item's outage must not fail the others: it is reported so the client retries just this one (its id makes the retry safe).
      if (statusOf(error) === undefined) logger.error('Batch item failed', { error, index });
      return { index, ...batchItemFailure(error, 'Not recorded; retry this payment') };
    }
  });
  const summary = Object.fromEntries(['applied', 'duplicate', 'invalid', 'not_found', 'conflict', 'error'].map((outcome) => [outcome, results.filter((r) => r.outcome === outcome).length]));
  return json(200, { summary, results });
}

export const handler = createHandler(collectionDeps());
