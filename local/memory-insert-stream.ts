import { marshall } from '@aws-sdk/util-dynamodb';
import { keys } from '../shared/kernel/index.js';
import type { Invoice } from '../shared/invoicing/index.js';
import type { TimelineEvent } from '../shared/kernel/index.js';
import { InMemoryInvoiceRepository } from '../shared/invoicing/index.js';
import type { StreamRelay } from './stream-relay.js';

type Invoke = (event: unknown) => Promise<unknown>;

/**
 * The memory store's stand-in for the table's stream, for the one consumer that must see it: the
 * workflow starter. Every newly stored invoice is handed, in order and after the caller has its answer
 * (as a stream would), to the `start-workflows` function in the shape Lambda gives it (a DynamoDB
 * stream record with the item's NewImage), so the same handler starts the same workflows on both stores.
 * A batch item failure is delivered again from that record at the next `drain()`, never skipped.
 */
export class MemoryInsertStream implements StreamRelay {
  private readonly pending: Invoice[] = [];
  private sequence = 0n;
  private delivering: Promise<void> = Promise.resolve();
  private invoke: Invoke | undefined;

  constructor(private readonly onFailure: (error: unknown) => void) {}

  /** Starts delivering to the function (the local stack builds it after the store). */
  connect(invoke: Invoke): void {
    this.invoke = invoke;
    this.schedule();
  }

  inserted(invoice: Invoice): void {
    this.pending.push(invoice);
    this.schedule();
  }

  drain(): Promise<void> {
    this.schedule();
    return this.delivering;
  }

  async stop(): Promise<void> {
    await this.delivering;
  }

  private schedule(): void {
    this.delivering = this.delivering.then(() => this.deliver()).catch((error: unknown) => this.onFailure(error));
  }

  private async deliver(): Promise<void> {
    while (this.invoke && this.pending.length > 0) {
      const batch = this.pending.slice(0, 100).map((invoice) => ({ invoice, sequenceNumber: String(++this.sequence) }));
      const result = (await this.invoke({ Records: batch.map(streamRecordOf) })) as { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
      const failedAt = result?.batchItemFailures?.[0]?.itemIdentifier;
      const done = failedAt === undefined ? batch.length : batch.findIndex((item) => item.sequenceNumber === failedAt);
      this.pending.splice(0, done);
      if (failedAt !== undefined) throw new Error(`memory store: the workflow starter failed at invoice ${this.pending[0]?.invoiceNumber}; delivered again at the next drain`);
    }
  }
}

function streamRecordOf({ invoice, sequenceNumber }: { invoice: Invoice; sequenceNumber: string }) {
  return {
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    eventSourceARN: 'arn:aws:dynamodb:local:000000000000:table/memory/stream/local',
    dynamodb: { SequenceNumber: sequenceNumber, NewImage: marshall({ ...keys.invoice(invoice.tenantId, invoice.invoiceNumber), ...invoice }, { removeUndefinedValues: true }) },
  };
}

/** The in-memory invoices whose new invoices reach the insert stream, as DynamoDB's inserts reach the table's stream. */
export class StreamedInMemoryInvoiceRepository extends InMemoryInvoiceRepository {
  constructor(private readonly stream: MemoryInsertStream) {
    super();
  }

  override async createIfAbsent(invoice: Invoice, events: readonly TimelineEvent[]): Promise<{ created: boolean; invoice: Invoice }> {
    const result = await super.createIfAbsent(invoice, events);
    if (result.created) this.stream.inserted(result.invoice);
    return result;
  }
}
