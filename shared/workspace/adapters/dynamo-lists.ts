import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerDirectoryKeys, invoiceListIndex, readShardedPage, type ShardedList } from '../../kernel/index.js';
import { customerListItemSchema, invoiceListItemSchema, type CustomerDirectory, type CustomerListItem, type InvoiceListFilter, type InvoiceListItem, type InvoiceListStore, type Page } from '../lists.js';

/**
 * GET /invoices from the `invoiceList` index (dynamo-keys.ts): the tenant's shards queried side by
 * side in due-date order; `overdue` narrows the key range to due dates before today, the other
 * filters are filter expressions on the projected attributes.
 */
export class DynamoInvoiceList implements InvoiceListStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async page(tenantId: string, filter: InvoiceListFilter, after: string | undefined, limit: number): Promise<Page<InvoiceListItem>> {
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const status = filter.overdue === true ? 'open' : filter.status;
    if (filter.overdue === true && filter.status !== undefined && filter.status !== 'open') return { items: [] };
    if (status !== undefined) {
      conditions.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = status;
    }
    if (filter.overdue !== undefined) {
      // The key range has the original due date; an extension moves the effective one.
      conditions.push(filter.overdue ? '(attribute_not_exists(extendedDueDate) OR extendedDueDate < :today)' : '(attribute_not_exists(extendedDueDate) OR extendedDueDate >= :today)');
      values[':today'] = filter.today;
    }
    if (filter.customerId !== undefined) {
      conditions.push('customer.id = :customerId');
      values[':customerId'] = filter.customerId;
    }
    if (filter.owner !== undefined) {
      conditions.push('customer.accountOwner = :owner');
      values[':owner'] = filter.owner;
    }
    if (filter.q !== undefined) {
      conditions.push('contains(listSearch, :q)');
      values[':q'] = filter.q;
    }
    const list: ShardedList = {
      tableName: this.tableName,
      indexName: invoiceListIndex.name,
      partitionKey: 'listPk',
      sortKey: 'listSk',
      partitions: Array.from({ length: invoiceListIndex.shards }, (_, shard) => invoiceListIndex.partition(tenantId, shard)),
      ...(filter.overdue === true ? { to: filter.today } : filter.overdue === false ? { from: filter.today } : {}),
      descending: filter.sort === '-dueDate',
      ...(conditions.length > 0 ? { filter: { expression: conditions.join(' AND '), names, values } } : {}),
    };
    const page = await readShardedPage(this.db, list, after, limit);
    return { items: page.items.map(toInvoiceItem), ...(page.next === undefined ? {} : { next: page.next }) };
  }
}

/** GET /customers from the customer directory's shards, by customer id. */
export class DynamoCustomerDirectory implements CustomerDirectory {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async page(tenantId: string, filter: { q?: string; owner?: string }, after: string | undefined, limit: number): Promise<Page<CustomerListItem>> {
    const conditions: string[] = [];
    const values: Record<string, unknown> = {};
    if (filter.q !== undefined) {
      conditions.push('contains(#search, :q)');
      values[':q'] = filter.q;
    }
    if (filter.owner !== undefined) {
      conditions.push('accountOwner = :owner');
      values[':owner'] = filter.owner;
    }
    const list: ShardedList = {
      tableName: this.tableName,
      partitionKey: 'pk',
      sortKey: 'sk',
      partitions: Array.from({ length: customerDirectoryKeys.shards }, (_, shard) => customerDirectoryKeys.partition(tenantId, shard)),
      ...(conditions.length > 0 ? { filter: { expression: conditions.join(' AND '), names: filter.q === undefined ? {} : { '#search': 'search' }, values } } : {}),
    };
    const page = await readShardedPage(this.db, list, after, limit);
    return { items: page.items.map((item) => customerListItemSchema.parse(item)), ...(page.next === undefined ? {} : { next: page.next }) };
  }
}

/** A row of the index as the list answers it: parsed, not cast. */
function toInvoiceItem(item: Record<string, unknown>): InvoiceListItem {
  const promise = item['promise'] as { date?: unknown } | undefined;
  const dispute = item['dispute'] as { status?: unknown } | undefined;
  return invoiceListItemSchema.parse({
    invoiceNumber: item['invoiceNumber'],
    customer: item['customer'],
    status: item['status'],
    amount: item['amount'],
    balance: item['balance'],
    currency: item['currency'],
    dueDate: item['dueDate'],
    extendedDueDate: item['extendedDueDate'],
    pausedUntil: item['pausedUntil'],
    promisedFor: promise?.date,
    disputed: dispute?.status === 'open',
  });
}
