import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { allocateCreditNote, creditAllocationRequestId, creditAllocationRequestSchema, creditNoteNumberSchema, creditNoteRequestSchema, getCreditNote, issueCreditNote } from '../../shared/credit-notes/index.js';
import type { CollectionDeps } from '../../shared/app/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { HttpError, apiSourceOf, idempotencyKeyOf, json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { routeTable } from '../_shared/router.js';
import { creditNoteResource, invoiceResource } from '../_shared/resources.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string; keyLabel?: string }>;

function numberOf(event: Event): string {
  const number = creditNoteNumberSchema.safeParse(decodeURIComponent(event.pathParameters?.['creditNoteNumber'] ?? ''));
  if (!number.success) throw new HttpError(404, 'not_found', 'No such credit note');
  return number.data;
}

/**
 * POST /credit-notes: a credit note document (201 created, 200 the same note again, 409 the number
 * with other content). GET /credit-notes/{creditNoteNumber}: the note, its allocations and what is
 * left as customer credit. POST /credit-notes/{creditNoteNumber}/allocate: what is left, to further
 * invoices of its customer (a retried request answers 200 `duplicate`).
 */
export const createHandler = (deps: Pick<CollectionDeps, 'invoices' | 'creditNotes' | 'workflows' | 'clock'>) => {
  const route = routeTable<'credit-notes', Event, string>('credit-notes', {
    'POST /credit-notes': async (event, tenantId) => {
      const request = parseWith(creditNoteRequestSchema, jsonBody(event), 'credit note');
      const { outcome, creditNote, invoices } = await issueCreditNote(deps, tenantId, request, apiSourceOf(event));
      return json(outcome === 'created' ? 201 : 200, { outcome, creditNote: creditNoteResource(creditNote), invoices: invoices.map(invoiceResource) });
    },
    'GET /credit-notes/{creditNoteNumber}': async (event, tenantId) => {
      const { creditNote, invoices } = await getCreditNote(deps, tenantId, numberOf(event));
      return json(200, { creditNote: creditNoteResource(creditNote), invoices: invoices.map(invoiceResource) });
    },
    'POST /credit-notes/{creditNoteNumber}/allocate': async (event, tenantId) => {
      const number = numberOf(event);
      const request = parseWith(creditAllocationRequestSchema, jsonBody(event), 'allocation');
      const { outcome, creditNote, invoices } = await allocateCreditNote(deps, tenantId, number, request, creditAllocationRequestId(number, idempotencyKeyOf(event), request));
      return json(200, { outcome: outcome === 'created' ? 'allocated' : 'duplicate', creditNote: creditNoteResource(creditNote), invoices: invoices.map(invoiceResource) });
    },
  });
  return apiHandler<Event>().handler(async (event) => route(event, tenantOf(event)));
};

export const handler = createHandler(collectionDeps());
