import { NotFoundError } from '../errors.js';
import { renderReminderNotice } from '../notices/reminder-notice.js';
import { finalNoticeStage } from '../policy.js';
import { dateInZone } from '../calendar.js';
import { lateChargesFor } from '../late-charges.js';
import type { CollectionDeps } from './deps.js';
import { resolvePolicy } from './resolve-policy.js';

export type SendOutcome = { outcome: 'sent'; messageId: string } | { outcome: 'skipped'; reason: string };

/** A partial payment between our read and our claim changes the notice's content: read again. */
const MAX_CLAIM_ATTEMPTS = 3;

/**
 * Sends one reminder at most once. It re-reads the invoice at send time (a paid invoice gets
 * nothing, however the workflow got here) and claims the (invoice, stage) in the database before
 * calling SES, atomically with a check that the invoice is unchanged: a payment either committed
 * before the claim (nothing is sent) or after it.
 */
export async function sendReminder(deps: CollectionDeps, tenantId: string, invoiceNumber: string, stage: string): Promise<SendOutcome> {
  for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
    const invoice = await deps.invoices.get(tenantId, invoiceNumber);
    if (!invoice) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
    const now = deps.clock.now();
    if (invoice.status !== 'open') return skip(deps, tenantId, invoiceNumber, stage, `invoice is ${invoice.status}`);
    if (invoice.pausedUntil && new Date(invoice.pausedUntil).getTime() > now.getTime()) return skip(deps, tenantId, invoiceNumber, stage, `collection is paused until ${invoice.pausedUntil}`);
    const policy = await resolvePolicy(deps, tenantId, invoice);
    if (invoice.balance < policy.minimumBalance) return skip(deps, tenantId, invoiceNumber, stage, `the balance is below the policy's minimum of ${policy.minimumBalance}`);
    const isFinal = stage === finalNoticeStage;
    const policyStage = policy.stages.find((candidate) => candidate.id === stage);

    const claim = await deps.invoices.claimNotice(invoice, stage, now);
    if (!claim.claimed) {
      if (claim.reason === 'already-claimed') return { outcome: 'skipped', reason: 'already sent or claimed by an earlier attempt' };
      continue; // the invoice changed since we read it
    }

    const email = renderReminderNotice({
      invoice,
      stage,
      now,
      defaultTimezone: policy.defaultTimezone,
      senderName: deps.senderName,
      template: policyStage?.template,
      subject: policyStage?.subject,
      lateCharges: lateChargesFor(
        { balance: invoice.balance, currency: invoice.currency, dueDate: invoice.extendedDueDate ?? invoice.dueDate },
        policy.lateCharges,
        dateInZone(now, invoice.customer.timezone ?? policy.defaultTimezone),
      ),
      ...(isFinal && invoice.escalation?.graceEndsAt ? { finalNotice: { deadline: new Date(invoice.escalation.graceEndsAt), action: policy.grace.finalAction } } : {}),
    });
    // When arflow sent it by its own clock: the delay between schedule and send is visible in the mail.
    email.headers = { ...email.headers, 'X-Arflow-Sent-At': now.toISOString() };
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send(email));
    } catch (error) {
      // Nothing went out: give the claim back so the workflow's retry can send.
      await deps.invoices.releaseNotice(tenantId, invoiceNumber, stage);
      throw error;
    }
    await deps.invoices.recordNoticeSent(tenantId, invoiceNumber, stage, messageId, {
      type: isFinal ? 'final-notice.sent' : 'reminder.sent',
      at: deps.clock.now().toISOString(),
      key: `reminder.sent:${stage}`,
      detail: { stage, messageId, to: email.to, subject: email.subject, balance: invoice.balance },
    });
    return { outcome: 'sent', messageId };
  }
  return skip(deps, tenantId, invoiceNumber, stage, 'the invoice kept changing while the reminder was prepared');
}

async function skip(deps: CollectionDeps, tenantId: string, invoiceNumber: string, stage: string, reason: string): Promise<SendOutcome> {
  await deps.invoices.appendEvent(tenantId, invoiceNumber, {
    type: 'reminder.skipped',
    at: deps.clock.now().toISOString(),
    key: `reminder.skipped:${stage}`,
    detail: { stage, reason },
  });
  return { outcome: 'skipped', reason };
}
