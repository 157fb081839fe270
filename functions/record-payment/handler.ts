import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { paymentInputSchema } from '../../shared/payment.js';
import { recordPayment } from '../../shared/use-cases/record-payment.js';
import type { CollectionDeps } from '../../shared/use-cases/deps.js';
import { collectionDeps } from '../_shared/deps.js';
import { json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { invoiceResource } from '../_shared/resources.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

/** POST /payments: applies a payment to its invoice (201), or recognises a repeat of one (200). */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'workflows' | 'clock'>) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    const input = parseWith(paymentInputSchema, jsonBody(event), 'payment');
    const { outcome, payment, invoice } = await recordPayment(deps, tenantId, input);
    const { tenantId: _tenantId, ...visiblePayment } = payment;
    return json(outcome === 'applied' ? 201 : 200, { outcome, payment: visiblePayment, invoice: invoiceResource(invoice) });
  });

export const handler = createHandler(collectionDeps());
