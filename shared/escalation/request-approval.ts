import { randomUUID } from 'node:crypto';
import { LINK_EXPIRY_MARGIN_MS, type DecisionLink, applyEscalationDecision } from './escalation.js';
import { NotFoundError } from '../kernel/index.js';
import type { EscalationState } from '../invoicing/index.js';
import { renderApprovalRequest } from './approval-request.js';
import { escalationActions } from '../policies/index.js';
import { newLinkId, signLink } from '../kernel/index.js';
import type { EscalationDeps } from './deps.js';
import { accountOwnerOf, resolvePolicy } from '../policy-assignment/index.js';

/**
 * The escalation task (`.waitForTaskToken`): opens the escalation, keeps the task token in the
 * database, and emails each approver one signed link per decision. The workflow waits until a link
 * is used (decide-escalation resumes it) or the task times out.
 */
export async function requestApproval(deps: EscalationDeps, tenantId: string, invoiceNumber: string, taskToken: string, timeoutSeconds: number): Promise<void> {
  const invoice = await deps.invoices.get(tenantId, invoiceNumber);
  if (!invoice) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
  const policy = await resolvePolicy(deps, tenantId, invoice);
  if (invoice.status !== 'open' || !policy.escalation) {
    await deps.taskTokens.succeed(taskToken, { outcome: 'not-needed' });
    return;
  }
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + timeoutSeconds * 1000);
  const escalation: EscalationState = { id: randomUUID(), status: 'pending', requestedAt: now.toISOString(), expiresAt: expiresAt.toISOString() };
  const accountOwner = policy.escalation.approvers.accountOwner ? await accountOwnerOf(deps.customers, tenantId, invoice) : undefined;
  const approvers = [
    ...(accountOwner ? [accountOwner] : []),
    ...policy.escalation.approvers.emails,
  ].filter((email, index, all) => all.indexOf(email) === index);

  const linkExpiresAt = expiresAt.getTime() - Math.min(LINK_EXPIRY_MARGIN_MS, (timeoutSeconds * 1000) / 10);
  const links: DecisionLink[] = approvers.flatMap((approver) =>
    escalationActions.map((decision) => ({ linkId: newLinkId(), tenantId, invoiceNumber, escalationId: escalation.id, decision, approver, expiresAt: linkExpiresAt })),
  );
  const opened = await deps.escalations.startEscalation(invoice, escalation, taskToken, links, {
    type: 'escalation.requested',
    at: escalation.requestedAt,
    key: `escalation.requested:${escalation.id}`,
    detail: { escalationId: escalation.id, approvers, expiresAt: escalation.expiresAt, policy: `${policy.name}@${policy.version}` },
  });
  if (!opened) {
    await deps.taskTokens.succeed(taskToken, { outcome: 'not-needed' });
    return;
  }

  if (approvers.length === 0) {
    // Nobody can decide: the policy's timeout action applies now rather than after a silent wait.
    const pending = { ...invoice, escalation };
    const { after, events } = applyEscalationDecision(pending, policy.escalation.onTimeout, 'policy (no approver configured)', policy, now, { timedOut: true });
    await deps.escalations.decideEscalation(pending, after, undefined, events);
    await deps.taskTokens.succeed(taskToken, { outcome: policy.escalation.onTimeout });
    return;
  }

  const key = await deps.linkKeys.linkKey(tenantId);
  const notices = await deps.noticeLedger.notices(tenantId, invoiceNumber);
  for (const approver of approvers) {
    const own = links.filter((link) => link.approver === approver);
    const email = renderApprovalRequest({
      invoice,
      approver,
      notices,
      policy,
      now,
      expiresAt: new Date(linkExpiresAt),
      links: own.map((link) => ({ decision: link.decision, url: `${deps.publicApiUrl}/links/${link.linkId}?expires=${link.expiresAt}&sig=${signLink(key, link.linkId, link.expiresAt)}` })),
    });
    await deps.mailer.send(email);
  }
}
