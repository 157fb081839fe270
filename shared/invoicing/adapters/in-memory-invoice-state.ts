import type { DecisionLink } from '../../escalation/escalation.js';
import type { Invoice } from '../invoice.js';
import type { Payment } from '../../payments/payment.js';
import type { NoticeRecord } from '../invoice-state.js';
import type { CustomerLink, DisputeListing } from '../../self-service/self-service.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { copyPlain } from '../../kernel/index.js';

export type InvoiceKey = Pick<Invoice, 'tenantId' | 'invoiceNumber'>;

/**
 * What the in-memory invoice adapters hold between them, as the DynamoDB adapters share one table: a
 * payment, a dispute or a decision changes the invoice and its timeline in the same step as its own
 * record, so every adapter of an invoice's aggregates works on this one object. Everything is copied in
 * and out, so a use case cannot change stored state by mutating what it read.
 */
export class InMemoryInvoiceState {
  readonly invoices = new Map<string, Invoice>();
  readonly ledgers = new Map<string, Map<string, NoticeRecord>>();
  readonly events = new Map<string, Map<string, TimelineEvent>>();
  readonly payments = new Map<string, Payment>();
  /** Escalation (tenant, invoice, escalation id) → task token. */
  readonly taskTokens = new Map<string, string>();
  readonly links = new Map<string, DecisionLink>();
  readonly customerLinks = new Map<string, CustomerLink>();
  /** Tenant + dispute id → its listing (kept when resolved). */
  readonly disputes = new Map<string, DisputeListing>();

  invoice(key: InvoiceKey): Invoice | undefined {
    return this.invoices.get(invoiceId(key));
  }

  setInvoice(invoice: Invoice): void {
    this.invoices.set(invoiceId(invoice), invoice);
  }

  ledger(invoice: InvoiceKey): Map<string, NoticeRecord> {
    return getOrCreate(this.ledgers, invoiceId(invoice));
  }

  eventLog(invoice: InvoiceKey): Map<string, TimelineEvent> {
    return getOrCreate(this.events, invoiceId(invoice));
  }

  /** Like a conditional put: keeps the first event of a key. */
  appendEvent(invoice: InvoiceKey, event: TimelineEvent): void {
    const log = this.eventLog(invoice);
    if (!log.has(event.key)) log.set(event.key, copy(event));
  }

  /** Like the transactions' puts: events written unconditionally (the last of a key wins). */
  putEvents(invoice: InvoiceKey, events: readonly TimelineEvent[]): void {
    const log = this.eventLog(invoice);
    for (const event of events) log.set(event.key, copy(event));
  }

  /**
   * The invoice part of a balance-changing transaction (a payment, a credit note), as DynamoDB runs it:
   * false, and nothing changed, when any invoice no longer has the balance and status it was read
   * with; else each takes its new balance, status and updatedAt, and its events are put unconditionally.
   */
  applyBalanceChanges(changes: readonly { before: Invoice; after: Pick<Invoice, 'balance' | 'status' | 'updatedAt'>; events: readonly TimelineEvent[] }[]): boolean {
    for (const { before } of changes) {
      const stored = this.invoice(before);
      if (!stored || stored.balance !== before.balance || stored.status !== before.status) return false;
    }
    for (const { before, after, events } of changes) {
      this.setInvoice({ ...this.invoice(before)!, balance: after.balance, status: after.status, updatedAt: after.updatedAt });
      this.putEvents(before, events);
    }
    return true;
  }
}

export function invoiceId(invoice: InvoiceKey): string {
  return `${invoice.tenantId}\u0000${invoice.invoiceNumber}`;
}

/** A key of two or more parts that cannot collide (no part holds a NUL). */
export function compositeKey(...parts: string[]): string {
  return parts.join('\u0000');
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function copy<T>(value: T): T {
  return copyPlain(value);
}

function getOrCreate<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}
