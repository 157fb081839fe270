import type { DecisionLink } from './escalation.js';
import type { EscalationState, Invoice } from '../invoicing/index.js';
import type { TimelineEvent } from '../kernel/index.js';

/** Escalations waiting for finance's decision: their task tokens and decision links. */
export interface EscalationRepository {
  /**
   * Opens an escalation: the invoice's escalation state, the workflow's task token (kept in the
   * database, never in an email) and the decision links, together; only while the invoice is open.
   */
  startEscalation(invoice: Invoice, escalation: EscalationState, taskToken: string, links: DecisionLink[], event: TimelineEvent): Promise<boolean>;
  escalationTaskToken(tenantId: string, invoiceNumber: string, escalationId: string): Promise<string | undefined>;
  getLink(linkId: string): Promise<DecisionLink | undefined>;
  /**
   * Records a decision on a pending escalation, once: the invoice's new state and (for a link) the
   * link's use, atomically. 'already-decided' when the escalation is no longer pending or the link was used.
   */
  decideEscalation(
    before: Invoice,
    after: Pick<Invoice, 'status' | 'escalation' | 'extendedDueDate' | 'pausedUntil' | 'updatedAt'>,
    link: DecisionLink | undefined,
    events: TimelineEvent[],
  ): Promise<'decided' | 'already-decided'>;
}
