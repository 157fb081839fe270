import { NotFoundError } from '../kernel/index.js';
import { finalNoticeStage } from '../policies/index.js';
import { dateInZone } from '../kernel/index.js';
import type { RemindersDeps } from './deps.js';
import { customerZone } from '../invoicing/index.js';
import { claimSameDayNotices } from './same-day-notices.js';
import { noticeContext, sendCustomerNotice } from '../notices/index.js';
import { composeReminder, reminderGate } from './reminder-content.js';

export type SendOutcome = { outcome: 'sent'; messageId: string } | { outcome: 'skipped'; reason: string };

/** A partial payment between our read and our claim changes the notice's content: read again. */
const MAX_CLAIM_ATTEMPTS = 3;

/**
 * Sends one reminder at most once. It re-reads the invoice at send time (a paid invoice gets
 * nothing, however the workflow got here) and claims the (invoice, stage) in the database before
 * calling SES, atomically with a check that the invoice is unchanged: a payment either committed
 * before the claim (nothing is sent) or after it.
 */
export async function sendReminder(deps: RemindersDeps, tenantId: string, invoiceNumber: string, stage: string): Promise<SendOutcome> {
  for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
    const invoice = await deps.invoices.get(tenantId, invoiceNumber);
    if (!invoice) throw new NotFoundError(`Invoice ${invoiceNumber} does not exist`);
    const now = deps.clock.now();
    const gate = await reminderGate(deps, invoice, stage, now);
    if (!gate.send) return skip(deps, tenantId, invoiceNumber, stage, gate.reason);
    const { policy } = gate;
    const isFinal = stage === finalNoticeStage;
    const today = dateInZone(now, customerZone(invoice, policy));
    // Who gets it: the customer's first contact that has not bounced or complained.
    const context = await noticeContext(deps, invoice);
    if (!context.recipient) {
      // Recorded in the ledger as skipped, so the plan moves on to the next stage instead of retrying this one.
      const reason = `every contact of customer ${invoice.customer.id} is suppressed (bounced or complained) until a person clears one`;
      await deps.noticeLedger.recordNoticesSkipped(tenantId, invoiceNumber, [stage], reason, now);
      return skip(deps, tenantId, invoiceNumber, stage, reason);
    }

    // One notice per customer per day: the day's first notice takes the customer's contact slot.
    const limited = policy.onePerCustomerPerDay;
    if (limited) {
      const handled = (await deps.noticeLedger.notices(tenantId, invoiceNumber)).some((notice) => notice.stage === stage);
      if (handled) return { outcome: 'skipped', reason: 'already sent, possibly in a notice listing several invoices' };
      if (!(await deps.contactDays.claimContactDay(tenantId, invoice.customer.id, today, invoiceNumber))) {
        return { outcome: 'skipped', reason: `the customer already received a notice on ${today}; the next step defers this one` };
      }
    }
    const claim = await deps.noticeLedger.claimNotice(invoice, stage, now);
    if (!claim.claimed) {
      if (limited) await deps.contactDays.releaseContactDay(tenantId, invoice.customer.id, today, invoiceNumber);
      if (claim.reason === 'already-claimed') return { outcome: 'skipped', reason: 'already sent or claimed by an earlier attempt' };
      continue; // the invoice changed since we read it
    }
    const others = limited ? await claimSameDayNotices(deps, invoice, today, now) : [];

    const email = await composeReminder(deps, { invoice, stage, gate }, others, context, now);
    email.to = [context.recipient];
    // When arflow sent it by its own clock: the delay between schedule and send is visible in the mail.
    email.headers = { ...email.headers, 'X-Arflow-Sent-At': now.toISOString() };
    let messageId: string;
    try {
      ({ messageId } = await sendCustomerNotice(deps, email, {
        tenantId,
        customerId: invoice.customer.id,
        notices: [{ invoiceNumber, stage }, ...others.map((other) => ({ invoiceNumber: other.invoice.invoiceNumber, stage: other.stage }))],
      }));
    } catch (error) {
      // Nothing went out: give every claim back so the workflows' retries can send.
      await deps.noticeLedger.releaseNotice(tenantId, invoiceNumber, stage);
      for (const other of others) await deps.noticeLedger.releaseNotice(tenantId, other.invoice.invoiceNumber, other.stage);
      if (limited) await deps.contactDays.releaseContactDay(tenantId, invoice.customer.id, today, invoiceNumber);
      throw error;
    }
    const listed = others.length > 0 ? { listedWith: [invoiceNumber, ...others.map((other) => other.invoice.invoiceNumber)] } : {};
    for (const other of others) {
      if (other.superseded.length > 0) await deps.noticeLedger.recordNoticesSkipped(tenantId, other.invoice.invoiceNumber, other.superseded, `superseded by ${other.stage}`, now);
      await deps.noticeLedger.recordNoticeSent(tenantId, other.invoice.invoiceNumber, other.stage, messageId, {
        type: other.stage === finalNoticeStage ? 'final-notice.sent' : 'reminder.sent',
        at: now.toISOString(),
        key: `reminder.sent:${other.stage}`,
        detail: { stage: other.stage, messageId, to: email.to, subject: email.subject, balance: other.invoice.balance, ...listed },
      });
    }
    await deps.noticeLedger.recordNoticeSent(tenantId, invoiceNumber, stage, messageId, {
      type: isFinal ? 'final-notice.sent' : 'reminder.sent',
      at: deps.clock.now().toISOString(),
      key: `reminder.sent:${stage}`,
      detail: { stage, messageId, to: email.to, subject: email.subject, balance: invoice.balance, ...listed },
    });
    return { outcome: 'sent', messageId };
  }
  return skip(deps, tenantId, invoiceNumber, stage, 'the invoice kept changing while the reminder was prepared');
}

async function skip(deps: RemindersDeps, tenantId: string, invoiceNumber: string, stage: string, reason: string): Promise<SendOutcome> {
  await deps.invoices.appendEvent(tenantId, invoiceNumber, {
    type: 'reminder.skipped',
    at: deps.clock.now().toISOString(),
    key: `reminder.skipped:${stage}`,
    detail: { stage, reason },
  });
  return { outcome: 'skipped', reason };
}
