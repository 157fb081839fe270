import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { invoiceNumberSchema } from '../../shared/invoicing/index.js';
import { paymentPlanRequestSchema } from '../../shared/payment-plans/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { agreePaymentPlan } from '../../shared/payment-plans/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { invoiceResource } from '../_shared/resources.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

/**
 * POST /invoices/{invoiceNumber}/payment-plan: finance agrees installments (`{"installments":
 * [{"dueDate", "amount"}], "by"?}`) that add up to the balance; the workflow then reminds installment
 * by installment.
 */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'paymentPlans' | 'policies' | 'customers' | 'workflows' | 'clock'>) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    const invoiceNumber = parseWith(invoiceNumberSchema, event.pathParameters?.['invoiceNumber'], 'invoice number');
    const request = parseWith(paymentPlanRequestSchema, jsonBody(event), 'payment plan');
    const invoice = await agreePaymentPlan(deps, tenantId, invoiceNumber, request);
    return json(201, { invoice: invoiceResource(invoice) });
  });

export const handler = createHandler(collectionDeps());
