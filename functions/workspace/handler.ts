import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import type { CollectionDeps } from '../../shared/app/index.js';
import { invoiceNumberSchema } from '../../shared/invoicing/index.js';
import { createDocumentClient, readEnvironment } from '../../shared/kernel/index.js';
import {
  DynamoCustomerDirectory,
  DynamoInvoiceList,
  addNote,
  customerListRequestSchema,
  invoiceListRequestSchema,
  listCustomers,
  listInvoices,
  noteRequestSchema,
  pauseCollection,
  pauseRequestSchema,
  phonePromiseRequestSchema,
  recordPhonePromise,
  resumeCollection,
  resumeRequestSchema,
  worklist,
  worklistRequestSchema,
  type CustomerDirectory,
  type InvoiceListStore,
} from '../../shared/workspace/index.js';
import { collectionDeps } from '../_shared/deps.js';
import { apiSourceOf, json, jsonBody, parseWith, tenantOf } from '../_shared/http.js';
import { apiHandler } from '../_shared/middleware.js';
import { invoiceResource } from '../_shared/resources.js';
import { routeTable } from '../_shared/router.js';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<{ tenantId: string }>;

export type WorkspaceDeps = Pick<CollectionDeps, 'invoices' | 'customerLinks' | 'workflows' | 'clock' | 'customers' | 'policies' | 'linkKeys'> & {
  invoiceList: InvoiceListStore;
  customerDirectory: CustomerDirectory;
};

/** The actor the timeline records: the signed-in person, or the API key's label. */
const actorOf = (event: Event) => {
  const source = apiSourceOf(event);
  return source.via === 'user' ? source.user : source.apiKey;
};

const invoiceNumberOf = (event: Event) => parseWith(invoiceNumberSchema, event.pathParameters?.['invoiceNumber'], 'invoice number');

/** An empty body is an empty object here: resume takes only an optional reason. */
const optionalBody = (event: Event) => ((event.body ?? '').trim() === '' ? {} : jsonBody(event));

/**
 * The finance workspace's API (docs/workspace.md): the lists that page (GET /invoices, GET
 * /customers) and a collector's actions on an invoice, each recorded on its timeline with the actor.
 */
export const createHandler = (deps: WorkspaceDeps) => {
  const route = routeTable<'workspace', Event, string>('workspace', {
    'GET /invoices': async (event, tenantId) => {
      const request = parseWith(invoiceListRequestSchema, event.queryStringParameters ?? {}, 'query');
      return json(200, await listInvoices(deps, tenantId, request, { actor: actorOf(event) }));
    },
    'GET /customers': async (event, tenantId) => {
      const request = parseWith(customerListRequestSchema, event.queryStringParameters ?? {}, 'query');
      return json(200, await listCustomers(deps, tenantId, request, { actor: actorOf(event) }));
    },
    'GET /worklist': async (event, tenantId) => {
      const request = parseWith(worklistRequestSchema, event.queryStringParameters ?? {}, 'query');
      return json(200, await worklist(deps, tenantId, request, { actor: actorOf(event) }));
    },
    'POST /invoices/{invoiceNumber}/pause': async (event, tenantId) => {
      const invoiceNumber = invoiceNumberOf(event);
      const request = parseWith(pauseRequestSchema, jsonBody(event), 'pause');
      return json(200, { invoice: invoiceResource(await pauseCollection(deps, tenantId, invoiceNumber, request, actorOf(event))) });
    },
    'POST /invoices/{invoiceNumber}/resume': async (event, tenantId) => {
      const invoiceNumber = invoiceNumberOf(event);
      const request = parseWith(resumeRequestSchema, optionalBody(event), 'resume');
      return json(200, { invoice: invoiceResource(await resumeCollection(deps, tenantId, invoiceNumber, request.reason, actorOf(event))) });
    },
    'POST /invoices/{invoiceNumber}/notes': async (event, tenantId) => {
      const invoiceNumber = invoiceNumberOf(event);
      const request = parseWith(noteRequestSchema, jsonBody(event), 'note');
      return json(201, { event: await addNote(deps, tenantId, invoiceNumber, request, actorOf(event)) });
    },
    'POST /invoices/{invoiceNumber}/promise': async (event, tenantId) => {
      const invoiceNumber = invoiceNumberOf(event);
      const request = parseWith(phonePromiseRequestSchema, jsonBody(event), 'promise');
      return json(201, { invoice: invoiceResource(await recordPhonePromise(deps, tenantId, invoiceNumber, request, actorOf(event))) });
    },
  });
  return apiHandler<Event>().handler(async (event) => route(event, tenantOf(event)));
};

/** The lists read the table directly (indexes and directory shards); the rest is the collection's dependencies. */
export function workspaceDeps(collection: CollectionDeps, env = readEnvironment()): WorkspaceDeps {
  const db = createDocumentClient();
  return { ...collection, invoiceList: new DynamoInvoiceList(db, env.TABLE_NAME), customerDirectory: new DynamoCustomerDirectory(db, env.TABLE_NAME) };
}

export const handler = createHandler(workspaceDeps(collectionDeps()));
