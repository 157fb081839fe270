import type { DecisionLink } from '../escalation.js';
import type { EscalationRepository } from '../escalation.port.js';
import type { EscalationState, Invoice } from '../../invoicing/index.js';
import type { TimelineEvent } from '../../kernel/index.js';
import { compositeKey, copy, InMemoryInvoiceState } from '../../invoicing/index.js';

/**
 * An in-memory EscalationRepository with the DynamoDB adapter's conditions:
 * - startEscalation succeeds only while the stored invoice is open;
 * - decideEscalation succeeds only while the stored invoice's escalation has the id of `before`'s and
 *   is still pending and the invoice still open, and (for a link) only if the link exists and was not used; it marks the link used.
 * Hooks let a test slip a concurrent writer in between a use case's read and its conditional write.
 */
export class InMemoryEscalationRepository implements EscalationRepository {
  /** Runs (and is awaited) just before startEscalation checks its conditions (a concurrent writer). */
  beforeStartEscalation?: () => void | Promise<void>;
  /** Runs (and is awaited) just before decideEscalation checks its conditions: a concurrent decision or timeout may commit first. */
  beforeDecideEscalation?: () => void | Promise<void>;

  constructor(readonly state = new InMemoryInvoiceState()) {}

  async startEscalation(invoice: Invoice, escalation: EscalationState, taskToken: string, links: DecisionLink[], event: TimelineEvent): Promise<boolean> {
    await this.beforeStartEscalation?.();
    const stored = this.state.invoice(invoice);
    if (!stored || stored.status !== 'open') return false;
    this.state.setInvoice({ ...stored, escalation: copy(escalation), updatedAt: escalation.requestedAt });
    this.state.taskTokens.set(compositeKey(invoice.tenantId, invoice.invoiceNumber, escalation.id), taskToken);
    for (const link of links) this.state.links.set(link.linkId, copy(link));
    this.state.putEvents(invoice, [event]);
    return true;
  }

  async escalationTaskToken(tenantId: string, invoiceNumber: string, escalationId: string): Promise<string | undefined> {
    return this.state.taskTokens.get(compositeKey(tenantId, invoiceNumber, escalationId));
  }

  async getLink(linkId: string): Promise<DecisionLink | undefined> {
    const stored = this.state.links.get(linkId);
    return stored && copy(stored);
  }

  async decideEscalation(
    before: Invoice,
    after: Pick<Invoice, 'status' | 'escalation' | 'extendedDueDate' | 'pausedUntil' | 'updatedAt'>,
    link: DecisionLink | undefined,
    events: TimelineEvent[],
  ): Promise<'decided' | 'already-decided'> {
    await this.beforeDecideEscalation?.();
    const stored = this.state.invoice(before);
    if (!stored || stored.status !== 'open' || stored.escalation === undefined || stored.escalation.id !== (before.escalation?.id ?? '') || stored.escalation.status !== 'pending') {
      return 'already-decided';
    }
    const storedLink = link && this.state.links.get(link.linkId);
    if (link && (!storedLink || storedLink.usedAt !== undefined)) return 'already-decided';

    const next: Invoice = { ...stored, status: after.status, updatedAt: after.updatedAt };
    // Like the adapter's update: SET the fields that have a value, REMOVE the ones that do not.
    for (const field of ['escalation', 'extendedDueDate', 'pausedUntil'] as const) {
      if (after[field] === undefined) delete next[field];
    }
    if (after.escalation !== undefined) next.escalation = copy(after.escalation);
    if (after.extendedDueDate !== undefined) next.extendedDueDate = after.extendedDueDate;
    if (after.pausedUntil !== undefined) next.pausedUntil = after.pausedUntil;
    this.state.setInvoice(next);
    if (storedLink) this.state.links.set(storedLink.linkId, { ...storedLink, usedAt: after.updatedAt });
    this.state.putEvents(before, events);
    return 'decided';
  }

  /** Test inspection: every stored link of an escalation, as stored (with `usedAt` once used). */
  storedLinks(escalationId: string): DecisionLink[] {
    return [...this.state.links.values()].filter((link) => link.escalationId === escalationId).map(copy);
  }
}
