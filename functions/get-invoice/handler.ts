import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { invoiceNumberSchema } from '../../shared/invoicing/index.js';
import { getInvoice } from '../../shared/invoicing/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { json, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { invoiceResource } from '../_shared/resources.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

/** GET /invoices/{invoiceNumber}: status, balance, due date, notices and the timeline. */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'noticeLedger'>) =>
  apiHandler<Event>().handler(async (event) => {
    const tenantId = tenantOf(event);
    const invoiceNumber = parseWith(invoiceNumberSchema, event.pathParameters?.['invoiceNumber'], 'invoice number');
    const view = await getInvoice(deps, tenantId, invoiceNumber);
    return json(200, { invoice: invoiceResource(view.invoice), notices: view.notices, timeline: view.timeline });
  });

export const handler = createHandler(collectionDeps());
