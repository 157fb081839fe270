import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ValidationError } from '../../shared/errors.js';
import { allocationRequestSchema, type AllocationRequest } from '../../shared/payment.js';
import { allocatePayment, unappliedPayments } from '../../shared/use-cases/record-payment.js';
import type { CollectionDeps } from '../../shared/use-cases/deps.js';
import { collectionDeps } from '../_shared/deps.js';
import { HttpError, json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { invoiceResource, paymentResource } from '../_shared/resources.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

const paymentIdSchema = z.string().regex(/^pay_[0-9a-f]{24}$/, 'must be a payment id as POST /payments returned it (pay_…)');
const idempotencyKeySchema = z.string().regex(/^[\w.:-]{1,100}$/).optional();

/**
 * Which allocation request this is, so a retry applies nothing twice: the client's Idempotency-Key
 * when it sends one, else the request's content. Without a key, allocating the very same amounts to
 * the same invoices a second time is taken as a retry: send distinct keys to do that on purpose.
 */
function allocationRequestId(paymentId: string, key: string | undefined, request: AllocationRequest): string {
  const identity = key === undefined ? ['body', request.allocations.map(({ invoiceNumber, amount }) => [invoiceNumber, amount ?? null]), request.by ?? null] : ['key', key];
  return `alloc_${createHash('sha256').update(JSON.stringify([paymentId, ...identity])).digest('hex').slice(0, 24)}`;
}

/**
 * GET /payments/unapplied: unmatched cash and customer credit, with totals per currency.
 * POST /payments/{paymentId}/allocate: a person applies (part of) what is unapplied to invoices; a
 * retried request (same Idempotency-Key, or same body without one) answers the first result, 200 `duplicate`.
 */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'payments' | 'workflows' | 'clock'>) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    if (event.requestContext.http.method === 'GET') {
      const payments = await unappliedPayments(deps, tenantId);
      const totals: Record<string, { unmatched: number; credit: number }> = {};
      for (const payment of payments) {
        const total = (totals[payment.currency] ??= { unmatched: 0, credit: 0 });
        if (payment.state === 'credit') total.credit += payment.unappliedAmount;
        else total.unmatched += payment.unappliedAmount;
      }
      return json(200, { payments: payments.map(paymentResource), totals });
    }
    const paymentId = paymentIdSchema.safeParse(event.pathParameters?.['paymentId']);
    if (!paymentId.success) throw new HttpError(404, 'not_found', 'No such payment');
    const request = parseWith(allocationRequestSchema, jsonBody(event), 'allocation');
    const key = idempotencyKeySchema.safeParse(event.headers?.['idempotency-key']);
    if (!key.success) throw new ValidationError('The Idempotency-Key header is invalid', [{ path: 'Idempotency-Key', message: 'must be 1-100 letters, digits or - _ . :' }]);
    const { outcome, payment, invoices } = await allocatePayment(deps, tenantId, paymentId.data, request, allocationRequestId(paymentId.data, key.data, request));
    return json(200, { outcome: outcome === 'applied' ? 'allocated' : 'duplicate', payment: paymentResource(payment), invoices: invoices.map(invoiceResource) });
  });

export const handler = createHandler(collectionDeps());
