import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import * as z from 'zod';
import { allocationRequestSchema } from '../../shared/payment.js';
import { allocatePayment, unappliedPayments } from '../../shared/use-cases/record-payment.js';
import type { CollectionDeps } from '../../shared/use-cases/deps.js';
import { collectionDeps } from '../_shared/deps.js';
import { HttpError, json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { invoiceResource, paymentResource } from '../_shared/resources.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

const paymentIdSchema = z.string().regex(/^pay_[0-9a-f]{24}$/, 'must be a payment id as POST /payments returned it (pay_…)');

/**
 * GET /payments/unapplied: unmatched cash and customer credit, with totals per currency.
 * POST /payments/{paymentId}/allocate: a person applies (part of) what is unapplied to invoices.
 */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'workflows' | 'clock'>) =>
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
    const { payment, invoices } = await allocatePayment(deps, tenantId, paymentId.data, request);
    return json(200, { outcome: 'allocated', payment: paymentResource(payment), invoices: invoices.map(invoiceResource) });
  });

export const handler = createHandler(collectionDeps());
