import { addDays } from '../kernel/index.js';
import { effectiveDueDate, type Invoice } from '../invoicing/invoice.js';
import type { CollectionPolicy } from '../policies/index.js';
import type { TimelineEvent } from '../kernel/index.js';
import type { EscalationDecision } from '../policies/index.js';

/** A link in an approval email: one decision, for one approver, on one escalation. */
export interface DecisionLink {
  linkId: string;
  tenantId: string;
  invoiceNumber: string;
  escalationId: string;
  decision: EscalationDecision;
  approver: string;
  /** Epoch milliseconds; the link expires before the approval task times out. */
  expiresAt: number;
  usedAt?: string;
}

/** What each decision link offers, for the email and the confirmation page. */
export const decisionLabels: Record<EscalationDecision, (days: { extendDays: number; pauseDays: number }) => string> = {
  approve: () => 'Approve escalation (send the final notice and start the grace period)',
  extend: ({ extendDays }) => `Extend the due date by ${extendDays} days`,
  pause: ({ pauseDays }) => `Pause collection for ${pauseDays} days`,
  'write-off': () => 'Write the invoice off',
  agency: () => 'Send to a collections agency',
};

/** Links die this long before the approval task times out, so a click never races the timeout. */
export const LINK_EXPIRY_MARGIN_MS = 60 * 60 * 1000;

export type EscalationOutcome = EscalationDecision | 'stop';

/**
 * The invoice after a decision on its pending escalation (by an approver, or by the policy when
 * nobody decided in time), and the events that record it. Pure: the caller stores it atomically.
 */
export function applyEscalationDecision(
  invoice: Invoice,
  outcome: EscalationOutcome,
  decidedBy: string,
  policy: CollectionPolicy,
  now: Date,
  via: { linkId?: string; timedOut?: boolean } = {},
): { after: Pick<Invoice, 'status' | 'escalation' | 'extendedDueDate' | 'pausedUntil' | 'updatedAt'>; events: TimelineEvent[] } {
  const escalation = invoice.escalation;
  if (!escalation) throw new Error(`Invoice ${invoice.invoiceNumber} has no escalation to decide`);
  const at = now.toISOString();
  const decided = { ...escalation, decision: via.timedOut ? ('timeout' as const) : (outcome as EscalationDecision), decidedBy, decidedAt: at };
  const base = { status: invoice.status, escalation: invoice.escalation, extendedDueDate: invoice.extendedDueDate, pausedUntil: invoice.pausedUntil, updatedAt: at };
  const extendDays = policy.escalation?.extendDays ?? 14;
  const pauseDays = policy.escalation?.pauseDays ?? 30;

  const after = (() => {
    switch (outcome) {
      case 'approve':
        return { ...base, escalation: { ...decided, status: 'approved' as const, graceEndsAt: new Date(now.getTime() + policy.grace.days * 86_400_000).toISOString() } };
      case 'extend':
        // The escalation is settled; a new one may follow from the new due date.
        return { ...base, escalation: undefined, extendedDueDate: addDays(effectiveDueDate(invoice), extendDays) };
      case 'pause':
        return { ...base, escalation: undefined, pausedUntil: new Date(now.getTime() + pauseDays * 86_400_000).toISOString() };
      case 'write-off':
        return { ...base, status: 'written_off' as const, escalation: { ...decided, status: 'stopped' as const } };
      case 'agency':
        return { ...base, status: 'with_agency' as const, escalation: { ...decided, status: 'stopped' as const } };
      case 'stop':
        return { ...base, escalation: { ...decided, status: 'stopped' as const } };
    }
  })();

  const detail = {
    escalationId: escalation.id,
    decision: outcome,
    decidedBy,
    ...(via.linkId ? { linkId: via.linkId } : {}),
    ...(after.extendedDueDate && outcome === 'extend' ? { extendedDueDate: after.extendedDueDate } : {}),
    ...(after.pausedUntil && outcome === 'pause' ? { pausedUntil: after.pausedUntil } : {}),
    ...(outcome === 'approve' ? { graceEndsAt: after.escalation?.graceEndsAt } : {}),
  };
  const events: TimelineEvent[] = [
    { type: via.timedOut ? 'escalation.timed-out' : 'escalation.decided', at, key: `escalation.decided:${escalation.id}`, detail },
  ];
  if (outcome === 'write-off') events.push({ type: 'invoice.written-off', at, key: `invoice.written-off:${escalation.id}`, detail: { reason: `escalation decision by ${decidedBy}`, approvedBy: decidedBy, balance: invoice.balance } });
  if (outcome === 'agency') events.push({ type: 'invoice.sent-to-agency', at, key: `invoice.sent-to-agency:${escalation.id}`, detail: { approvedBy: decidedBy, balance: invoice.balance } });
  return { after, events };
}
