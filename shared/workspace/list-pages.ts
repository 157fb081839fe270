import { dateInZone, decodeCursor, encodeCursor, ValidationError, type Clock, type CursorScope, type LinkKeyStore } from '../kernel/index.js';
import { customerSegments, type CustomerRepository } from '../customers/index.js';
import type { CustomerDirectory, CustomerListItem, CustomerListRequest, InvoiceListItem, InvoiceListRequest, InvoiceListStore } from './lists.js';

export interface ListDeps {
  invoiceList: InvoiceListStore;
  customerDirectory: CustomerDirectory;
  customers: Pick<CustomerRepository, 'get'>;
  linkKeys: LinkKeyStore;
  clock: Clock;
}

/** A page as the API answers it: the items and an opaque cursor, null on the last page. */
export interface ListAnswer<T> {
  items: T[];
  nextCursor: string | null;
}

/** `owner=mine`: the caller, as the edge names it (an email once people sign in). */
export interface Caller {
  actor: string;
}

/**
 * GET /invoices: a page of the tenant's invoices by due date. `segment` is a customer's tags and risk
 * tier (its profile), checked per customer of the page: such a page may hold fewer than `limit`
 * items and still have a cursor.
 */
export async function listInvoices(deps: ListDeps, tenantId: string, request: InvoiceListRequest, caller: Caller): Promise<ListAnswer<InvoiceListItem>> {
  const { limit, cursor, segment, ...filters } = request;
  const owner = filters.owner === 'mine' ? caller.actor.toLowerCase() : filters.owner;
  const scope: CursorScope = { tenantId, list: 'invoices', query: JSON.stringify({ ...filters, owner, segment }) };
  const key = await deps.linkKeys.linkKey(tenantId);
  const after = cursor === undefined ? undefined : positionOf(key, scope, cursor);
  const page = await deps.invoiceList.page(tenantId, { ...filters, ...(owner === undefined ? {} : { owner }), today: dateInZone(deps.clock.now(), 'UTC') }, after, limit);
  const items = segment === undefined ? page.items : await inSegment(deps, tenantId, page.items, segment);
  return { items, nextCursor: page.next === undefined ? null : encodeCursor(key, scope, page.next) };
}

/** GET /customers: a page of the customers the tenant invoiced, by id; `q` searches id, name and email. */
export async function listCustomers(deps: ListDeps, tenantId: string, request: CustomerListRequest, caller: Caller): Promise<ListAnswer<CustomerListItem>> {
  const { limit, cursor, q } = request;
  const owner = request.owner === 'mine' ? caller.actor.toLowerCase() : request.owner;
  const scope: CursorScope = { tenantId, list: 'customers', query: JSON.stringify({ q, owner }) };
  const key = await deps.linkKeys.linkKey(tenantId);
  const after = cursor === undefined ? undefined : positionOf(key, scope, cursor);
  const page = await deps.customerDirectory.page(tenantId, { ...(q === undefined ? {} : { q }), ...(owner === undefined ? {} : { owner }) }, after, limit);
  return { items: page.items, nextCursor: page.next === undefined ? null : encodeCursor(key, scope, page.next) };
}

function positionOf(key: string, scope: CursorScope, cursor: string): string {
  const position = decodeCursor(key, scope, cursor);
  if (position === undefined) {
    throw new ValidationError('The cursor is invalid', [{ path: 'cursor', message: 'is not a cursor this list gave for these filters; start again without it' }]);
  }
  return position;
}

export async function inSegment(deps: Pick<ListDeps, 'customers'>, tenantId: string, items: InvoiceListItem[], segment: string): Promise<InvoiceListItem[]> {
  const ids = [...new Set(items.map((item) => item.customer.id))];
  const profiles = await Promise.all(ids.map(async (id) => [id, await deps.customers.get(tenantId, id)] as const));
  const members = new Set(profiles.filter(([, profile]) => profile !== undefined && customerSegments(profile).includes(segment)).map(([id]) => id));
  return items.filter((item) => members.has(item.customer.id));
}
