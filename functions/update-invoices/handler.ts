import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { invoiceNumberSchema } from '../../shared/invoicing/index.js';
import { upsertBodySchema, upsertInvoice, voidInvoice, voidRequestSchema, type UpsertDeps, type VoidDeps } from '../../shared/imports/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { apiSourceOf, json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { invoiceResource } from '../_shared/resources.js';
import { routeTable } from '../_shared/router.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string; keyLabel: string }>;

/**
 * The system of record's changes to one invoice (README, "Following the system of record"):
 * - PUT /invoices/{invoiceNumber}: the invoice as it is upstream, with `sourceVersion` or
 *   `sourceUpdatedAt`: 201 created, 200 updated / unchanged / stale.
 * - POST /invoices/{invoiceNumber}/void `{"reason", "by"?}`: 200 voided / unchanged, 409 invoice_paid.
 */
export const createHandler = (deps: UpsertDeps & VoidDeps) => {
  const route = routeTable<'update-invoices', Event, string>('update-invoices', {
    'PUT /invoices/{invoiceNumber}': async (event, tenantId) => {
      const invoiceNumber = parseWith(invoiceNumberSchema, event.pathParameters?.['invoiceNumber'], 'invoice number');
      const input = parseWith(upsertBodySchema(invoiceNumber), jsonBody(event), 'invoice');
      const { outcome, invoice, warnings } = await upsertInvoice(deps, tenantId, input, apiSourceOf(event));
      return json(outcome === 'created' ? 201 : 200, { outcome, invoice: invoiceResource(invoice), ...(warnings.length ? { warnings } : {}) });
    },
    'POST /invoices/{invoiceNumber}/void': async (event, tenantId) => {
      const invoiceNumber = parseWith(invoiceNumberSchema, event.pathParameters?.['invoiceNumber'], 'invoice number');
      const request = parseWith(voidRequestSchema, jsonBody(event), 'void request');
      const { outcome, invoice } = await voidInvoice(deps, tenantId, invoiceNumber, request, apiSourceOf(event));
      return json(200, { outcome, invoice: invoiceResource(invoice) });
    },
  });
  return apiHandler<Event>().handler(async (event) => route(event, tenantOf(event)));
};

export const handler = createHandler(collectionDeps());
