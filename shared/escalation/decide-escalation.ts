import { applyEscalationDecision, type DecisionLink } from './escalation.js';
import type { Invoice } from '../invoicing/index.js';
import type { NoticeRecord } from '../invoicing/index.js';
import type { CollectionPolicy } from '../policies/index.js';
import { linkSignatureMatches } from '../kernel/index.js';
import type { EscalationDeps } from './deps.js';
import { resolvePolicy } from '../policy-assignment/index.js';

/** Why a link cannot be used; each gets its own clear page. */
export type LinkRefusal = 'invalid' | 'expired' | 'used' | 'decided' | 'closed';

export type OpenedLink =
  | { ok: true; link: DecisionLink; invoice: Invoice; notices: NoticeRecord[]; policy: CollectionPolicy }
  | { ok: false; reason: LinkRefusal; invoice?: Invoice };

/**
 * Checks a link (signature, expiry, single use, escalation still pending) and loads what the
 * confirmation page shows. Changes nothing: mail scanners open every link.
 */
export async function openDecisionLink(deps: Pick<EscalationDeps, 'invoices' | 'noticeLedger' | 'escalations' | 'linkKeys' | 'policies' | 'customers' | 'clock'>, linkId: string, expires: number, signature: string): Promise<OpenedLink> {
  const link = await deps.escalations.getLink(linkId);
  if (!link || link.expiresAt !== expires) return { ok: false, reason: 'invalid' };
  if (!linkSignatureMatches(await deps.linkKeys.linkKey(link.tenantId), linkId, expires, signature)) return { ok: false, reason: 'invalid' };
  if (deps.clock.now().getTime() >= link.expiresAt) return { ok: false, reason: 'expired' };
  if (link.usedAt) return { ok: false, reason: 'used' };
  const invoice = await deps.invoices.get(link.tenantId, link.invoiceNumber);
  if (!invoice) return { ok: false, reason: 'invalid' };
  // Paid (or otherwise ended) while the escalation waited: nothing left to decide.
  if (invoice.status !== 'open') return { ok: false, reason: 'closed', invoice };
  if (invoice.escalation?.id !== link.escalationId || invoice.escalation.status !== 'pending') return { ok: false, reason: 'decided', invoice };
  const [notices, policy] = await Promise.all([deps.noticeLedger.notices(link.tenantId, link.invoiceNumber), resolvePolicy(deps, link.tenantId, invoice)]);
  return { ok: true, link, invoice, notices, policy };
}

export type DecisionResult = { ok: true; link: DecisionLink; invoice: Invoice } | { ok: false; reason: LinkRefusal; invoice?: Invoice };

/** Acts on a link, once: records who decided what from which link, then resumes the waiting workflow. */
export async function decideEscalation(deps: Pick<EscalationDeps, 'invoices' | 'noticeLedger' | 'escalations' | 'linkKeys' | 'policies' | 'customers' | 'clock' | 'taskTokens'>, linkId: string, expires: number, signature: string): Promise<DecisionResult> {
  const opened = await openDecisionLink(deps, linkId, expires, signature);
  if (!opened.ok) return opened;
  const { link, invoice, policy } = opened;
  const { after, events } = applyEscalationDecision(invoice, link.decision, link.approver, policy, deps.clock.now(), { linkId });
  const recorded = await deps.escalations.decideEscalation(invoice, after, link, events);
  if (recorded === 'already-decided') return { ok: false, reason: 'decided', invoice };

  const token = await deps.escalations.escalationTaskToken(link.tenantId, link.invoiceNumber, link.escalationId);
  // If the workflow is gone (stopped by a payment), the decision still stands on the invoice.
  if (token) await deps.taskTokens.succeed(token, { outcome: link.decision, decidedBy: link.approver });
  return { ok: true, link, invoice: { ...invoice, ...after } };
}
