import type { Invoice } from '../../invoicing/index.js';
import { copy, InMemoryInvoiceState } from '../../invoicing/index.js';
import type { TimelineEvent } from '../../kernel/index.js';
import type { InvoiceRevisionStore } from '../invoice-revision.port.js';

/**
 * An in-memory InvoiceRevisionStore with the DynamoDB adapter's conditions: a write lands only while the
 * stored invoice has the content, version, status, balance and revision it was read with.
 */
export class InMemoryInvoiceRevisions implements InvoiceRevisionStore {
  /** Runs (and is awaited) just before a write checks its condition (a concurrent writer). */
  beforeWrite?: () => void | Promise<void>;

  constructor(readonly state = new InMemoryInvoiceState()) {}

  async revise(before: Invoice, after: Invoice, events: TimelineEvent[]): Promise<boolean> {
    await this.beforeWrite?.();
    const stored = this.state.invoice(before);
    if (!stored || !asRead(stored, before)) return false;
    // The fields the DynamoDB adapter sets (and removes): whatever else another writer changed stays.
    const { poNumber: _po, paymentLinkUrl: _link, metadata: _metadata, policy: _policy, sourceVersion: _version, sourceUpdatedAt: _updatedAt, ...kept } = stored;
    const { customer, issueDate, dueDate, amount, balance, status, contentHash, revision, updatedAt, poNumber, paymentLinkUrl, metadata, policy, sourceVersion, sourceUpdatedAt } = copy(after);
    const created = stored.created ?? after.created ?? { amount: before.amount, currency: before.currency, dueDate: before.dueDate };
    const optional = { poNumber, paymentLinkUrl, metadata, policy, sourceVersion, sourceUpdatedAt };
    const present = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined));
    this.state.setInvoice({ ...kept, customer, issueDate, dueDate, amount, balance, status, contentHash, revision, updatedAt, created, ...present });
    this.state.putEvents(before, events);
    return true;
  }

  async changeStanding(before: Invoice, after: Pick<Invoice, 'status' | 'balance' | 'updatedAt'>, events: TimelineEvent[]): Promise<boolean> {
    await this.beforeWrite?.();
    const stored = this.state.invoice(before);
    if (!stored || !asRead(stored, before)) return false;
    this.state.setInvoice({ ...stored, status: after.status, balance: after.balance, updatedAt: after.updatedAt });
    this.state.putEvents(before, events);
    return true;
  }
}

function asRead(stored: Invoice, before: Invoice): boolean {
  return (
    stored.contentHash === before.contentHash &&
    stored.status === before.status &&
    stored.balance === before.balance &&
    stored.revision === before.revision &&
    stored.sourceVersion === before.sourceVersion &&
    stored.sourceUpdatedAt === before.sourceUpdatedAt
  );
}
