import type { Invoice } from '../invoice.js';
import type { InvoiceRepository } from '../invoice.port.js';
import { compareTimelineEvents, type TimelineEvent } from '../../kernel/index.js';
import { compare, copy, InMemoryInvoiceState, invoiceId } from './in-memory-invoice-state.js';

/**
 * An in-memory InvoiceRepository with the same conditional-write semantics as the DynamoDB adapter:
 * - appendEvent keeps the first event of a key; the transactions (closeInvoice) put their events unconditionally;
 * - closeInvoice succeeds only while the stored invoice is open;
 * - nextRevision only while it is open and still at the revision read;
 * - markFailed marks an invoice that exists, and records the event either way.
 * Hooks let a test slip a concurrent writer in between a use case's read and its conditional write.
 */
export class InMemoryInvoiceRepository implements InvoiceRepository {
  /** Runs (and is awaited) just before closeInvoice checks its conditions (a concurrent writer). */
  beforeCloseInvoice?: () => void | Promise<void>;

  constructor(readonly state = new InMemoryInvoiceState()) {}

  /** Test setup: store an invoice as it is, with no event. */
  put(invoice: Invoice): void {
    this.state.setInvoice(copy(invoice));
  }

  /** Test setup and concurrent writers: change a stored invoice behind the use case's back. */
  update(tenantId: string, invoiceNumber: string, change: Partial<Invoice>): void {
    const stored = this.state.invoice({ tenantId, invoiceNumber });
    if (!stored) throw new Error(`no invoice ${invoiceId({ tenantId, invoiceNumber })}`);
    this.state.setInvoice({ ...stored, ...copy(change) });
  }

  /** Stores a new invoice with its first events (one step, as the DynamoDB transaction); the stored one when the number is taken. */
  async createIfAbsent(invoice: Invoice, events: readonly TimelineEvent[]): Promise<{ created: boolean; invoice: Invoice }> {
    const stored = this.state.invoice(invoice);
    if (stored) return { created: false, invoice: copy(stored) };
    this.state.setInvoice(copy(invoice));
    for (const event of events) this.state.appendEvent(invoice, event);
    return { created: true, invoice: copy(invoice) };
  }

  async get(tenantId: string, invoiceNumber: string): Promise<Invoice | undefined> {
    const stored = this.state.invoice({ tenantId, invoiceNumber });
    return stored && copy(stored);
  }

  async timeline(tenantId: string, invoiceNumber: string): Promise<TimelineEvent[]> {
    return [...this.state.eventLog({ tenantId, invoiceNumber }).values()]
      .map(copy)
      // The adapter's order, from the domain.
      .sort(compareTimelineEvents);
  }

  async appendEvent(tenantId: string, invoiceNumber: string, event: TimelineEvent): Promise<void> {
    this.state.appendEvent({ tenantId, invoiceNumber }, event);
  }

  async openInvoicesOf(tenantId: string, customerId: string, limit: number): Promise<Invoice[]> {
    return [...this.state.invoices.values()]
      .filter((invoice) => invoice.tenantId === tenantId && invoice.customer.id === customerId && invoice.status === 'open')
      .sort((a, b) => compare(`${a.dueDate}#${a.issueDate}#${a.invoiceNumber}`, `${b.dueDate}#${b.issueDate}#${b.invoiceNumber}`))
      .slice(0, limit)
      .map(copy);
  }

  async closeInvoice(invoice: Invoice, status: Invoice['status'], events: TimelineEvent[]): Promise<boolean> {
    await this.beforeCloseInvoice?.();
    const stored = this.state.invoice(invoice);
    if (!stored || stored.status !== 'open') return false;
    this.state.setInvoice({ ...stored, status, updatedAt: events[0]?.at ?? invoice.updatedAt });
    this.state.putEvents(invoice, events);
    return true;
  }

  async nextRevision(invoice: Invoice, event: TimelineEvent): Promise<boolean> {
    const stored = this.state.invoice(invoice);
    if (!stored || stored.revision !== invoice.revision || stored.status !== 'open') return false;
    this.state.setInvoice({ ...stored, revision: stored.revision + 1 });
    this.state.appendEvent(invoice, event);
    return true;
  }

  async markFailed(tenantId: string, invoiceNumber: string, failure: NonNullable<Invoice['workflowError']>, event: TimelineEvent): Promise<void> {
    const stored = this.state.invoice({ tenantId, invoiceNumber });
    if (stored) this.state.setInvoice({ ...stored, workflowError: copy(failure) });
    this.state.appendEvent({ tenantId, invoiceNumber }, event);
  }
}
