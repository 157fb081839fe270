import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { mapWithConcurrency } from '../../kernel/index.js';
import type { CustomerProfile } from '../../customers/index.js';
import type { Invoice } from '../../invoicing/index.js';
import type { Payment } from '../../payments/index.js';
import type { InvoiceBatchStore } from '../invoice-batch.port.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { profileItemSchema } from '../../customers/index.js';
import { withoutKeys } from '../../kernel/index.js';
import { paymentItemSchema } from '../../payments/index.js';
import { invoiceItemSchema } from '../../invoicing/index.js';
import { customerDirectoryKeys, customerIndex, invoiceListIndex, keys, paymentReferenceIndex, policyIndex } from '../../kernel/index.js';
import { eventPuts } from '../../kernel/index.js';

const MAX_ATTEMPTS = 8;
/** DynamoDB's limits per call. */
const BATCH_GET = 100;
const BATCH_WRITE = 25;
const TRANSACTION_ACTIONS = 100;
/** BatchWriteItem calls in flight at once (raw writes in bench/ use the same). */
const WRITES_IN_FLIGHT = 16;
/** TransactWriteItems calls in flight at once (each up to 100 actions: 4 write at most 400 items together). */
const TRANSACTIONS_IN_FLIGHT = 4;
/** Conditional PutItem calls in flight at once (one invoice each). */
const PUTS_IN_FLIGHT = 16;

type Entry = { invoice: Invoice; events: TimelineEvent[]; policyName?: string };
type Created = { created: true } | { created: false; stored: Invoice };

/**
 * Batched invoice writes for POST /invoices batches and file imports: the only way a new invoice is
 * stored (test/integration/import-files.test.ts compares a file's invoice with one POSTed alone).
 * A new invoice is one item, created only if its number is unused; it carries the keys of the
 * `byCustomer` and `byPolicy` indexes, and its `invoice.created` event is derived from it
 * (dynamo-keys.ts). So an invoice with no other creation event is one conditional PutItem (1 WRU up to
 * 1 KB; a transaction would bill 2); one with more (a credit-hold note) is one transaction with them.
 */
export class DynamoInvoiceBatchStore implements InvoiceBatchStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getMany(tenantId: string, invoiceNumbers: readonly string[]): Promise<Map<string, Invoice>> {
    const items = await this.getItems([...new Set(invoiceNumbers)].map((number) => keys.invoice(tenantId, number)));
    return new Map(items.map((item) => parseInvoice(item)).map((invoice) => [invoice.invoiceNumber, invoice]));
  }

  async customerProfiles(tenantId: string, customerIds: readonly string[]): Promise<Map<string, CustomerProfile>> {
    const items = await this.getItems([...new Set(customerIds)].map((id) => keys.customer(tenantId, id)));
    return new Map(items.map((item) => profileItemSchema.parse(withoutKeys(item))).map((profile) => [profile.customerId, profile]));
  }

  async getPayments(tenantId: string, paymentIds: readonly string[]): Promise<Map<string, Payment>> {
    const items = await this.getItems([...new Set(paymentIds)].map((id) => keys.payment(tenantId, id)));
    return new Map(items.map((item) => paymentItemSchema.parse(withoutKeys(item))).map((payment) => [payment.paymentId, payment]));
  }

  /**
   * Transactions of up to 100 actions (an invoice and its events each). A cancelled one names, per
   * action, the condition that failed and (ReturnValuesOnConditionCheckFailure) the item stored under
   * that number: those entries are answered with it and the transaction is retried without them. A
   * cancellation for any other reason (a concurrent transaction on the same item) retries with back-off,
   * then falls back to one transaction per invoice.
   */
  async createAll(entries: readonly Entry[]): Promise<Created[]> {
    const results: Created[] = new Array<Created>(entries.length);
    const alone = [...entries.keys()].filter((index) => storedEvents(entries[index]!).length === 0);
    await mapWithConcurrency(alone, PUTS_IN_FLIGHT, async (index) => (results[index] = await this.putOne(entries[index]!)));
    const chunks: number[][] = [[]];
    let actions = 0;
    for (const [index, entry] of entries.entries()) {
      if (storedEvents(entry).length === 0) continue;
      const size = 1 + storedEvents(entry).length;
      if (actions + size > TRANSACTION_ACTIONS) {
        chunks.push([]);
        actions = 0;
      }
      chunks.at(-1)!.push(index);
      actions += size;
    }
    // The chunks hold distinct invoices (a caller's batch names each number once), so their
    // transactions cannot collide with each other: they run side by side.
    await mapWithConcurrency(chunks.filter((chunk) => chunk.length > 0), TRANSACTIONS_IN_FLIGHT, (chunk) => this.createChunk(entries, chunk, results));
    await this.putItems(directoryEntries(entries.filter((_, index) => results[index]?.created)));
    return results;
  }

  /** An invoice without other creation events: one conditional put; a taken number answers with the stored invoice. */
  private async putOne(entry: Entry): Promise<Created> {
    try {
      await this.db.send(new PutCommand({ ...invoicePut(this.tableName, entry), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
      return { created: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { created: false, stored: error.Item ? parseInvoice(unmarshall(error.Item)) : await this.storedInvoice(entry.invoice) };
    }
  }

  private async createChunk(entries: readonly Entry[], indexes: number[], results: Created[]): Promise<void> {
    let pending = indexes;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const outcome = await this.transact(pending.map((index) => entries[index]!));
      if (outcome === 'written') {
        for (const index of pending) results[index] = { created: true };
        return;
      }
      if (outcome.size > 0) {
        for (const [position, stored] of outcome) results[pending[position]!] = { created: false, stored };
        pending = pending.filter((_, position) => !outcome.has(position));
        continue;
      }
      if (attempt >= 3) {
        // Contention we cannot attribute to one invoice: settle each on its own.
        for (const index of pending) results[index] = await this.createOne(entries[index]!);
        return;
      }
      await backOff(attempt);
    }
  }

  /** One invoice alone: its own transaction, retried while it collides with another writer. */
  private async createOne(entry: Entry): Promise<Created> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const outcome = await this.transact([entry]);
      if (outcome === 'written') return { created: true };
      const stored = outcome.get(0);
      if (stored) return { created: false, stored };
      await backOff(attempt);
    }
    throw new Error(`Invoice ${entry.invoice.invoiceNumber} could not be written: its transaction kept being cancelled`);
  }

  /** 'written', or the entries (by position) whose number is taken, with the stored invoice; empty when cancelled for another reason. */
  private async transact(entries: readonly Entry[]): Promise<'written' | Map<number, Invoice>> {
    const owners: number[] = [];
    const items = entries.flatMap((entry, position) => {
      const events = storedEvents(entry);
      owners.push(position, ...events.map(() => -1));
      return [
        { Put: { ...invoicePut(this.tableName, entry), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } },
        // A new invoice has no events yet; a later event of the same key would be a retry writing the same thing.
        ...eventPuts(this.tableName, entry.invoice, events),
      ];
    });
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'written';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const taken = new Map<number, Invoice>();
      for (const [action, reason] of (error.CancellationReasons ?? []).entries()) {
        const position = owners[action] ?? -1;
        if (position < 0 || reason.Code !== 'ConditionalCheckFailed') continue;
        const entry = entries[position]!;
        taken.set(position, reason.Item ? parseInvoice(unmarshall(reason.Item)) : await this.storedInvoice(entry.invoice));
      }
      return taken;
    }
  }

  private async storedInvoice(invoice: Invoice): Promise<Invoice> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.invoice(invoice.tenantId, invoice.invoiceNumber), ConsistentRead: true }));
    if (!Item) throw new Error(`Invoice ${invoice.invoiceNumber} was reported stored but cannot be read`);
    return parseInvoice(Item);
  }

  /** BatchGetItem in pages of 100, consistent, retrying what DynamoDB leaves unprocessed. */
  private async getItems(keyList: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let start = 0; start < keyList.length; start += BATCH_GET) {
      let pending = keyList.slice(start, start + BATCH_GET);
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > MAX_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${MAX_ATTEMPTS} attempts`);
        const { Responses, UnprocessedKeys } = await this.db.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }));
        found.push(...(Responses?.[this.tableName] ?? []));
        pending = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        if (pending.length > 0) await backOff(attempt);
      }
    }
    return found;
  }

  /** BatchWriteItem in pages of 25 (duplicate keys removed: one call may not name a key twice), retrying what is left unprocessed. */
  private async putItems(items: readonly Record<string, unknown>[]): Promise<void> {
    const unique = [...new Map(items.map((item) => [`${String(item['pk'])}\u0000${String(item['sk'])}`, item])).values()];
    const pages: Record<string, unknown>[][] = [];
    for (let start = 0; start < unique.length; start += BATCH_WRITE) pages.push(unique.slice(start, start + BATCH_WRITE));
    await mapWithConcurrency(pages, WRITES_IN_FLIGHT, async (page) => {
        let requests: Record<string, unknown>[] = page.map((item) => ({ PutRequest: { Item: item } }));
        for (let attempt = 1; requests.length > 0; attempt++) {
          if (attempt > MAX_ATTEMPTS) throw new Error(`BatchWriteItem left ${requests.length} items unprocessed after ${MAX_ATTEMPTS} attempts`);
          const { UnprocessedItems } = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests as never } }));
          requests = (UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
          if (requests.length > 0) await backOff(attempt);
        }
    });
  }
}

/** The new invoice's item with its index keys, only if its number is unused. */
function invoicePut(tableName: string, { invoice, policyName }: Entry) {
  return {
    TableName: tableName,
    Item: {
      ...keys.invoice(invoice.tenantId, invoice.invoiceNumber),
      ...customerIndex.attributes(invoice),
      ...invoiceListIndex.attributes(invoice),
      ...paymentReferenceIndex.attributes(invoice),
      ...(policyName === undefined ? {} : policyIndex.attributes(invoice.tenantId, policyName, invoice.invoiceNumber)),
      ...invoice,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}

/**
 * The customer directory's items (dynamo-keys.ts `customerDirectoryKeys`) for the customers of newly
 * created invoices: one per customer, as the batch's last invoice of it names it (GET /customers).
 * Written after the invoices, outside their conditional writes: a lost one is rewritten by the
 * customer's next invoice, and an invoice never waits on it.
 */
function directoryEntries(created: readonly Entry[]): Record<string, unknown>[] {
  const latest = new Map(created.map(({ invoice }) => [invoice.customer.id, invoice]));
  return [...latest.values()].map((invoice) => ({
    ...customerDirectoryKeys.item(invoice.tenantId, invoice.customer.id),
    customerId: invoice.customer.id,
    name: invoice.customer.name,
    email: invoice.customer.email,
    ...(invoice.customer.accountOwner === undefined ? {} : { accountOwner: invoice.customer.accountOwner }),
    search: `${invoice.customer.id} ${invoice.customer.name} ${invoice.customer.email}`.toLowerCase(),
    updatedAt: invoice.createdAt,
  }));
}

/** The creation events stored as items: all but `invoice.created`, which is read from the invoice item. */
function storedEvents(entry: Entry): TimelineEvent[] {
  return entry.events.filter((event) => event.key !== 'invoice.created');
}

function parseInvoice(item: Record<string, unknown>): Invoice {
  return invoiceItemSchema.parse(withoutKeys(item)) as Invoice;
}

/** Unprocessed keys/items or a cancelled transaction mean contention: wait 50 ms, 100 ms, 200 ms ... (capped at 2 s), with jitter. */
function backOff(attempt: number): Promise<void> {
  const ms = Math.min(2000, 50 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
