import type { DecisionLink } from '../../shared/escalation.js';
import type { EscalationState, Invoice } from '../../shared/invoice.js';
import type { Payment } from '../../shared/payment.js';
import type { InvoiceRepository } from '../../shared/ports.js';
import type { NoticeRecord } from '../../shared/invoice-state.js';
import { newLinkKey } from '../../shared/signed-link.js';
import { compareTimelineEvents, type TimelineEvent } from '../../shared/timeline.js';
import type { InvoiceChange } from '../../shared/reconciliation.js';
import type { PaymentPlan } from '../../shared/invoice-state.js';
import type { CustomerAction, CustomerLink, DisputeListing } from '../../shared/self-service.js';
import { copyPlain } from './copy-plain.js';

type InvoiceKey = Pick<Invoice, 'tenantId' | 'invoiceNumber'>;

/**
 * An in-memory InvoiceRepository with the same conditional-write semantics as the DynamoDB adapter:
 * - claimNotice fails with `already-claimed` when the stage has any ledger entry (claimed, sent or
 *   skipped), otherwise with `invoice-changed` when the invoice is gone, not open, has another balance,
 *   has an open dispute or is paused at the claim's time;
 * - releaseNotice deletes a claim only (a sent notice stays);
 * - applyPayment is all or nothing: for a new payment `duplicate` when its id is stored; for a further
 *   allocation (`previous`) `stale` when the stored unapplied amount differs; `stale` when any invoice no
 *   longer has the balance and status it was read with;
 * - appendEvent keeps the first event of a key; the transactions (applyPayment, startEscalation,
 *   decideEscalation, closeInvoice) put their events unconditionally;
 * - startEscalation and closeInvoice succeed only while the stored invoice is open;
 * - decideEscalation succeeds only while the stored invoice's escalation has the id of `before`'s and
 *   is still pending and the invoice still open, and (for a link) only if the link exists and was not used; it marks the link used;
 * - linkKey creates the tenant's key on first use and returns the same one afterwards.
 * Everything is copied in and out, so a use case cannot change stored state by mutating what it read.
 * Hooks let a test slip a concurrent writer in between a use case's read and its conditional write.
 */
export class InMemoryInvoiceRepository implements InvoiceRepository {
  private readonly invoices = new Map<string, Invoice>();
  private readonly ledgers = new Map<string, Map<string, NoticeRecord>>();
  private readonly events = new Map<string, Map<string, TimelineEvent>>();
  private readonly payments = new Map<string, Payment>();
  /** Escalation (tenant, invoice, escalation id) → task token. */
  private readonly taskTokens = new Map<string, string>();
  private readonly links = new Map<string, DecisionLink>();
  private readonly linkKeys = new Map<string, string>();
  private readonly customerLinks = new Map<string, CustomerLink>();
  /** Tenant + dispute id → its listing (while open). */
  private readonly disputes = new Map<string, DisputeListing>();

  /** Runs just before claimNotice checks its conditions (a concurrent writer). */
  beforeClaim?: () => void;
  /** Runs just before applyPayment checks its conditions (a concurrent writer). */
  beforeApplyPayment?: () => void;
  /** Runs (and is awaited) just before startEscalation checks its conditions (a concurrent writer). */
  beforeStartEscalation?: () => void | Promise<void>;
  /** Runs (and is awaited) just before decideEscalation checks its conditions: a concurrent decision or timeout may commit first. */
  beforeDecideEscalation?: () => void | Promise<void>;
  /** Runs (and is awaited) just before closeInvoice checks its conditions (a concurrent writer). */
  beforeCloseInvoice?: () => void | Promise<void>;

  /** Test setup: store an invoice as it is, with no event. */
  put(invoice: Invoice): void {
    this.invoices.set(invoiceId(invoice), copy(invoice));
  }

  /** Test setup and concurrent writers: change a stored invoice behind the use case's back. */
  update(tenantId: string, invoiceNumber: string, change: Partial<Invoice>): void {
    const key = invoiceId({ tenantId, invoiceNumber });
    const stored = this.invoices.get(key);
    if (!stored) throw new Error(`no invoice ${key}`);
    this.invoices.set(key, { ...stored, ...copy(change) });
  }

  /** Test setup: a ledger entry as it would be stored. */
  putNotice(tenantId: string, invoiceNumber: string, notice: NoticeRecord): void {
    this.ledger({ tenantId, invoiceNumber }).set(notice.stage, copy(notice));
  }

  /** Stores a new invoice with its first events (one step, as the DynamoDB transaction); the stored one when the number is taken. */
  async createIfAbsent(invoice: Invoice, events: readonly TimelineEvent[]): Promise<{ created: boolean; invoice: Invoice }> {
    const stored = this.invoices.get(invoiceId(invoice));
    if (stored) return { created: false, invoice: copy(stored) };
    this.invoices.set(invoiceId(invoice), copy(invoice));
    for (const event of events) await this.appendEvent(invoice.tenantId, invoice.invoiceNumber, event);
    return { created: true, invoice: copy(invoice) };
  }

  async get(tenantId: string, invoiceNumber: string): Promise<Invoice | undefined> {
    const stored = this.invoices.get(invoiceId({ tenantId, invoiceNumber }));
    return stored && copy(stored);
  }

  async notices(tenantId: string, invoiceNumber: string): Promise<NoticeRecord[]> {
    return [...this.ledger({ tenantId, invoiceNumber }).values()].map(copy);
  }

  async timeline(tenantId: string, invoiceNumber: string): Promise<TimelineEvent[]> {
    return [...this.eventLog({ tenantId, invoiceNumber }).values()]
      .map(copy)
      // The adapter's order, from the domain.
      .sort(compareTimelineEvents);
  }

  async appendEvent(tenantId: string, invoiceNumber: string, event: TimelineEvent): Promise<void> {
    const log = this.eventLog({ tenantId, invoiceNumber });
    if (!log.has(event.key)) log.set(event.key, copy(event));
  }

  async claimNotice(
    invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'balance'>,
    stage: string,
    at: Date,
  ): Promise<{ claimed: true } | { claimed: false; reason: 'already-claimed' | 'invoice-changed' }> {
    this.beforeClaim?.();
    const ledger = this.ledger(invoice);
    if (ledger.has(stage)) return { claimed: false, reason: 'already-claimed' };
    const stored = this.invoices.get(invoiceId(invoice));
    if (!stored || stored.status !== 'open' || stored.balance !== invoice.balance) return { claimed: false, reason: 'invoice-changed' };
    if (stored.dispute?.status === 'open' || (stored.pausedUntil !== undefined && stored.pausedUntil > at.toISOString())) return { claimed: false, reason: 'invoice-changed' };
    ledger.set(stage, { stage, status: 'claimed', at: at.toISOString() });
    return { claimed: true };
  }

  async releaseNotice(tenantId: string, invoiceNumber: string, stage: string): Promise<void> {
    const ledger = this.ledger({ tenantId, invoiceNumber });
    if (ledger.get(stage)?.status === 'claimed') ledger.delete(stage);
  }

  async recordNoticeSent(tenantId: string, invoiceNumber: string, stage: string, messageId: string, event: TimelineEvent): Promise<void> {
    const ledger = this.ledger({ tenantId, invoiceNumber });
    // Like DynamoDB's UpdateItem: sets the fields on the entry, creating it if it is missing.
    ledger.set(stage, { ...ledger.get(stage), stage, status: 'sent', messageId, at: event.at });
    await this.appendEvent(tenantId, invoiceNumber, event);
  }

  async recordNoticesSkipped(tenantId: string, invoiceNumber: string, stages: string[], reason: string, at: Date): Promise<void> {
    const ledger = this.ledger({ tenantId, invoiceNumber });
    for (const stage of stages) {
      if (!ledger.has(stage)) ledger.set(stage, { stage, status: 'skipped', at: at.toISOString(), reason });
    }
  }

  async applyPayment(payment: Payment, changes: InvoiceChange[], previous?: Payment): Promise<'applied' | 'duplicate' | 'stale'> {
    this.beforeApplyPayment?.();
    const key = paymentKey(payment.tenantId, payment.paymentId);
    const storedPayment = this.payments.get(key);
    if (!previous && storedPayment) return 'duplicate';
    if (previous && storedPayment?.unappliedAmount !== previous.unappliedAmount) return 'stale';
    for (const { before } of changes) {
      const stored = this.invoices.get(invoiceId(before));
      if (!stored || stored.balance !== before.balance || stored.status !== before.status) return 'stale';
    }
    this.payments.set(key, copy(payment));
    for (const { before, after, events } of changes) {
      const stored = this.invoices.get(invoiceId(before))!;
      this.invoices.set(invoiceId(before), { ...stored, balance: after.balance, status: after.status, updatedAt: after.updatedAt });
      // The transaction puts its events unconditionally.
      const log = this.eventLog(before);
      for (const event of events) log.set(event.key, copy(event));
    }
    return 'applied';
  }

  async putCustomerLink(link: CustomerLink): Promise<void> {
    if (!this.customerLinks.has(link.linkId)) this.customerLinks.set(link.linkId, copy(link));
  }

  async getCustomerLink(linkId: string): Promise<CustomerLink | undefined> {
    const stored = this.customerLinks.get(linkId);
    return stored && copy(stored);
  }

  async recordCustomerRequest(
    before: Invoice,
    after: Pick<Invoice, 'pausedUntil' | 'dispute' | 'promise' | 'updatedAt'>,
    link: CustomerLink | undefined,
    action: CustomerAction,
    events: TimelineEvent[],
  ): Promise<'recorded' | 'already-used' | 'changed'> {
    const storedLink = link && this.customerLinks.get(link.linkId);
    if (link && (!storedLink || storedLink.used?.[action])) return 'already-used';
    const key = invoiceId(before);
    const stored = this.invoices.get(key);
    if (!stored || stored.status !== 'open' || stored.updatedAt !== before.updatedAt) return 'changed';
    const next: Invoice = { ...stored, updatedAt: after.updatedAt };
    for (const field of ['pausedUntil', 'dispute', 'promise'] as const) delete next[field];
    if (after.pausedUntil !== undefined) next.pausedUntil = after.pausedUntil;
    if (after.dispute !== undefined) next.dispute = copy(after.dispute);
    if (after.promise !== undefined) next.promise = copy(after.promise);
    this.invoices.set(key, next);
    if (storedLink) this.customerLinks.set(storedLink.linkId, { ...storedLink, used: { ...storedLink.used, [action]: after.updatedAt } });
    if (after.dispute && after.dispute.id !== before.dispute?.id) {
      this.disputes.set(`${before.tenantId}\u0000${after.dispute.id}`, {
        disputeId: after.dispute.id,
        invoiceNumber: before.invoiceNumber,
        customerId: before.customer.id,
        reason: after.dispute.reason,
        openedAt: after.dispute.openedAt,
        balance: before.balance,
        currency: before.currency,
      });
    }
    const log = this.eventLog(before);
    for (const event of events) log.set(event.key, copy(event));
    return 'recorded';
  }

  async openDisputes(tenantId: string): Promise<DisputeListing[]> {
    return [...this.disputes.entries()]
      .filter(([key, listing]) => key.startsWith(`${tenantId}\u0000`) && listing.status === undefined)
      .map(([, listing]) => copy(listing))
      .sort((a, b) => compare(a.openedAt, b.openedAt));
  }

  async agreePaymentPlan(before: Invoice, plan: PaymentPlan, events: TimelineEvent[]): Promise<'agreed' | 'changed'> {
    const key = invoiceId(before);
    const stored = this.invoices.get(key);
    if (!stored || stored.paymentPlan || stored.status !== 'open' || stored.balance !== before.balance || stored.updatedAt !== before.updatedAt) return 'changed';
    this.invoices.set(key, { ...stored, paymentPlan: copy(plan), updatedAt: plan.agreedAt });
    const log = this.eventLog(before);
    for (const event of events) log.set(event.key, copy(event));
    return 'agreed';
  }

  async breakPaymentPlan(invoice: Invoice, plan: PaymentPlan, events: TimelineEvent[]): Promise<boolean> {
    const key = invoiceId(invoice);
    const stored = this.invoices.get(key);
    if (!stored || stored.paymentPlan?.id !== plan.id || stored.paymentPlan.status !== 'active') return false;
    this.invoices.set(key, { ...stored, paymentPlan: copy(plan) });
    const log = this.eventLog(invoice);
    for (const event of events) log.set(event.key, copy(event));
    return true;
  }

  async getDispute(tenantId: string, disputeId: string): Promise<DisputeListing | undefined> {
    const stored = this.disputes.get(`${tenantId}\u0000${disputeId}`);
    return stored && copy(stored);
  }

  async resolveDispute(before: Invoice, after: Pick<Invoice, 'status' | 'balance' | 'dispute' | 'updatedAt'>, events: TimelineEvent[]): Promise<'resolved' | 'already-resolved' | 'changed'> {
    const disputeKey = `${before.tenantId}\u0000${after.dispute?.id ?? ''}`;
    const listing = this.disputes.get(disputeKey);
    if (!listing || listing.status !== undefined) return 'already-resolved';
    const key = invoiceId(before);
    const stored = this.invoices.get(key);
    if (!stored || stored.dispute?.id !== after.dispute?.id || stored.dispute?.status !== 'open' || stored.status !== before.status || stored.balance !== before.balance) return 'changed';
    this.disputes.set(disputeKey, { ...listing, status: 'resolved', resolvedAt: after.updatedAt, ...(after.dispute?.resolution ? { resolution: copy(after.dispute.resolution) } : {}) });
    this.invoices.set(key, { ...stored, status: after.status, balance: after.balance, dispute: copy(after.dispute!), updatedAt: after.updatedAt });
    const log = this.eventLog(before);
    for (const event of events) log.set(event.key, copy(event));
    return 'resolved';
  }

  async unappliedPayments(tenantId: string): Promise<Payment[]> {
    return [...this.payments.values()]
      .filter((payment) => payment.tenantId === tenantId && payment.unappliedAmount > 0)
      .sort((a, b) => compare(`${a.recordedAt}#${a.paymentId}`, `${b.recordedAt}#${b.paymentId}`))
      .map(copy);
  }

  async openInvoicesOf(tenantId: string, customerId: string, limit: number): Promise<Invoice[]> {
    return [...this.invoices.values()]
      .filter((invoice) => invoice.tenantId === tenantId && invoice.customer.id === customerId && invoice.status === 'open')
      .sort((a, b) => compare(`${a.dueDate}#${a.issueDate}#${a.invoiceNumber}`, `${b.dueDate}#${b.issueDate}#${b.invoiceNumber}`))
      .slice(0, limit)
      .map(copy);
  }

  async getPayment(tenantId: string, paymentId: string): Promise<Payment | undefined> {
    const stored = this.payments.get(paymentKey(tenantId, paymentId));
    return stored && copy(stored);
  }

  async markFailed(tenantId: string, invoiceNumber: string, failure: NonNullable<Invoice['workflowError']>, event: TimelineEvent): Promise<void> {
    const key = invoiceId({ tenantId, invoiceNumber });
    const stored = this.invoices.get(key);
    if (stored) this.invoices.set(key, { ...stored, workflowError: copy(failure) });
    await this.appendEvent(tenantId, invoiceNumber, event);
  }

  async startEscalation(invoice: Invoice, escalation: EscalationState, taskToken: string, links: DecisionLink[], event: TimelineEvent): Promise<boolean> {
    await this.beforeStartEscalation?.();
    const key = invoiceId(invoice);
    const stored = this.invoices.get(key);
    if (!stored || stored.status !== 'open') return false;
    this.invoices.set(key, { ...stored, escalation: copy(escalation), updatedAt: escalation.requestedAt });
    this.taskTokens.set(escalationKey(invoice.tenantId, invoice.invoiceNumber, escalation.id), taskToken);
    for (const link of links) this.links.set(link.linkId, copy(link));
    this.eventLog(invoice).set(event.key, copy(event));
    return true;
  }

  async escalationTaskToken(tenantId: string, invoiceNumber: string, escalationId: string): Promise<string | undefined> {
    return this.taskTokens.get(escalationKey(tenantId, invoiceNumber, escalationId));
  }

  async getLink(linkId: string): Promise<DecisionLink | undefined> {
    const stored = this.links.get(linkId);
    return stored && copy(stored);
  }

  async decideEscalation(
    before: Invoice,
    after: Pick<Invoice, 'status' | 'escalation' | 'extendedDueDate' | 'pausedUntil' | 'updatedAt'>,
    link: DecisionLink | undefined,
    events: TimelineEvent[],
  ): Promise<'decided' | 'already-decided'> {
    await this.beforeDecideEscalation?.();
    const key = invoiceId(before);
    const stored = this.invoices.get(key);
    if (!stored || stored.status !== 'open' || stored.escalation === undefined || stored.escalation.id !== (before.escalation?.id ?? '') || stored.escalation.status !== 'pending') {
      return 'already-decided';
    }
    const storedLink = link && this.links.get(link.linkId);
    if (link && (!storedLink || storedLink.usedAt !== undefined)) return 'already-decided';

    const next: Invoice = { ...stored, status: after.status, updatedAt: after.updatedAt };
    // Like the adapter's update: SET the fields that have a value, REMOVE the ones that do not.
    for (const field of ['escalation', 'extendedDueDate', 'pausedUntil'] as const) {
      if (after[field] === undefined) delete next[field];
    }
    if (after.escalation !== undefined) next.escalation = copy(after.escalation);
    if (after.extendedDueDate !== undefined) next.extendedDueDate = after.extendedDueDate;
    if (after.pausedUntil !== undefined) next.pausedUntil = after.pausedUntil;
    this.invoices.set(key, next);
    if (storedLink) this.links.set(storedLink.linkId, { ...storedLink, usedAt: after.updatedAt });
    const log = this.eventLog(before);
    for (const event of events) log.set(event.key, copy(event));
    return 'decided';
  }

  async closeInvoice(invoice: Invoice, status: Invoice['status'], events: TimelineEvent[]): Promise<boolean> {
    await this.beforeCloseInvoice?.();
    const key = invoiceId(invoice);
    const stored = this.invoices.get(key);
    if (!stored || stored.status !== 'open') return false;
    this.invoices.set(key, { ...stored, status, updatedAt: events[0]?.at ?? invoice.updatedAt });
    const log = this.eventLog(invoice);
    for (const event of events) log.set(event.key, copy(event));
    return true;
  }

  async nextRevision(invoice: Invoice, event: TimelineEvent): Promise<boolean> {
    const key = invoiceId(invoice);
    const stored = this.invoices.get(key);
    if (!stored || stored.revision !== invoice.revision || stored.status !== 'open') return false;
    this.invoices.set(key, { ...stored, revision: stored.revision + 1 });
    await this.appendEvent(invoice.tenantId, invoice.invoiceNumber, event);
    return true;
  }

  async linkKey(tenantId: string): Promise<string> {
    let key = this.linkKeys.get(tenantId);
    if (key === undefined) {
      key = newLinkKey();
      this.linkKeys.set(tenantId, key);
    }
    return key;
  }

  /** Test inspection: every stored link of an escalation, as stored (with `usedAt` once used). */
  storedLinks(escalationId: string): DecisionLink[] {
    return [...this.links.values()].filter((link) => link.escalationId === escalationId).map(copy);
  }

  private ledger(invoice: InvoiceKey): Map<string, NoticeRecord> {
    return getOrCreate(this.ledgers, invoiceId(invoice));
  }

  private eventLog(invoice: InvoiceKey): Map<string, TimelineEvent> {
    return getOrCreate(this.events, invoiceId(invoice));
  }
}

function invoiceId(invoice: InvoiceKey): string {
  return `${invoice.tenantId}\u0000${invoice.invoiceNumber}`;
}

function escalationKey(tenantId: string, invoiceNumber: string, escalationId: string): string {
  return `${tenantId}\u0000${invoiceNumber}\u0000${escalationId}`;
}

function paymentKey(tenantId: string, paymentId: string): string {
  return `${tenantId}\u0000${paymentId}`;
}

function getOrCreate<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function copy<T>(value: T): T {
  return copyPlain(value);
}
