import { randomUUID } from 'node:crypto';
import { escapeHtml } from '../kernel/index.js';
import { customerNoticeTag, suppressionReasonOf, timelineTypeOf, type DeliveryEvent } from '../notices/index.js';
import type { OwnerTask, SentMessage } from '../notices/index.js';
import type { DeliverabilityDeps } from './deps.js';
import { contactsOf } from '../notices/index.js';
import { accountOwnerOf } from '../policy-assignment/index.js';
import { resendBouncedNotice, type ResendOutcome } from './resend-bounced-notice.js';

type Deps = DeliverabilityDeps;

export type DeliveryEventOutcome =
  | { outcome: 'recorded'; suppressed: string[]; tasks: OwnerTask[]; resent?: ResendOutcome }
  | { outcome: 'ignored'; reason: string };

/** The message's record is written just after SES accepts it, so an event may arrive first: the caller retries. */
export class SentMessageNotYetRecordedError extends Error {
  constructor(messageId: string) {
    super(`No record of SES message ${messageId} yet; the event is retried`);
    this.name = 'SentMessageNotYetRecordedError';
  }
}

/**
 * Records what SES said about a customer notice on each invoice it was about (their timelines). A hard
 * bounce or a complaint suppresses the address for the tenant (no notice goes there again until a person
 * clears it), names the customer's next contact, and opens a task for the account owner, who is told by
 * email. A hard bounce also sends the notice again to that next contact, once (a complaint does not:
 * that notice was delivered). Events are delivered at least once; each is stored once (timeline keys,
 * conditional suppression, a claim on the re-send).
 */
export async function recordDeliveryEvent(deps: Deps, event: DeliveryEvent): Promise<DeliveryEventOutcome> {
  const message = await deps.sentMessages.message(event.messageId);
  if (!message) {
    if (event.tags[customerNoticeTag.name]?.includes(customerNoticeTag.value)) throw new SentMessageNotYetRecordedError(event.messageId);
    return { outcome: 'ignored', reason: 'not a customer notice (e.g. an approval request to finance)' };
  }
  const recipients = event.recipients.length > 0 ? event.recipients.map((email) => email.toLowerCase()) : message.recipients;
  const detail = {
    messageId: event.messageId,
    recipients,
    ...(event.bounceType ? { bounceType: event.bounceType, bounceSubType: event.bounceSubType } : {}),
    ...(event.complaintFeedbackType ? { complaintFeedbackType: event.complaintFeedbackType } : {}),
    ...(event.reason ? { reason: event.reason } : {}),
  };
  for (const notice of message.notices) {
    await deps.invoices.appendEvent(message.tenantId, notice.invoiceNumber, {
      type: timelineTypeOf[event.kind],
      at: event.at,
      key: `${timelineTypeOf[event.kind]}:${event.messageId}:${recipients.join(',')}`,
      detail: { stage: notice.stage, ...detail },
    });
  }

  const reason = suppressionReasonOf(event);
  if (!reason) return { outcome: 'recorded', suppressed: [], tasks: [] };
  const suppressed: string[] = [];
  const tasks: OwnerTask[] = [];
  for (const email of recipients) {
    const isNew = await deps.suppressions.suppress(message.tenantId, {
      email,
      reason,
      since: event.at,
      messageId: event.messageId,
      customerId: message.customerId,
      ...(event.bounceType ? { detail: `${event.bounceType}/${event.bounceSubType ?? ''}` } : event.complaintFeedbackType ? { detail: event.complaintFeedbackType } : {}),
    });
    if (!isNew) continue; // a repeated event: the task was opened the first time
    suppressed.push(email);
    tasks.push(await openOwnerTask(deps, message, email, reason, event.at));
  }
  // Also when the address was suppressed by an earlier copy of this event: a re-send that failed then is tried again.
  if (reason === 'bounce') return { outcome: 'recorded', suppressed, tasks, resent: await resendBouncedNotice(deps, message, recipients.join(', ')) };
  return { outcome: 'recorded', suppressed, tasks };
}

async function openOwnerTask(deps: Deps, message: SentMessage, email: string, reason: 'bounce' | 'complaint', at: string): Promise<OwnerTask> {
  const firstInvoice = await deps.invoices.get(message.tenantId, message.notices[0]!.invoiceNumber);
  const profile = await deps.customers.get(message.tenantId, message.customerId);
  const contacts = contactsOf(profile?.contacts, firstInvoice?.customer.email ?? email);
  const suppressed = await deps.suppressions.suppressedAmong(message.tenantId, contacts);
  const nextContact = contacts.find((contact) => !suppressed.has(contact));
  const owner = firstInvoice ? await accountOwnerOf(deps.customers, message.tenantId, firstInvoice) : profile?.accountOwner;
  const task: OwnerTask = {
    taskId: randomUUID(),
    tenantId: message.tenantId,
    kind: reason === 'bounce' ? 'contact-bounced' : 'contact-complained',
    customerId: message.customerId,
    email,
    ...(nextContact ? { nextContact } : {}),
    invoiceNumbers: message.notices.map((notice) => notice.invoiceNumber),
    ...(owner ? { assignee: owner } : {}),
    openedAt: at,
    status: 'open',
  };
  await deps.ownerTasks.openTask(task);
  for (const notice of message.notices) {
    await deps.invoices.appendEvent(message.tenantId, notice.invoiceNumber, {
      type: 'contact.suppressed',
      at,
      key: `contact.suppressed:${email}`,
      detail: { email, reason, taskId: task.taskId, nextContact: nextContact ?? null, customerId: message.customerId },
    });
  }
  if (owner) await deps.mailer.send(ownerEmail(owner, task, reason));
  return task;
}

function ownerEmail(owner: string, task: OwnerTask, reason: 'bounce' | 'complaint') {
  const what = reason === 'bounce' ? 'bounced (the address does not exist or refuses mail)' : 'was marked as spam by its recipient';
  const next = task.nextContact ? `Notices now go to the next contact, ${task.nextContact}.` : 'The customer has no other contact: no notice reaches it until you add one (PUT /customers/{id}, contacts).';
  const lines = [
    `A notice to ${task.email} (customer ${task.customerId}, invoice ${task.invoiceNumbers.join(', ')}) ${what}.`,
    `arflow will not send to ${task.email} again until someone clears it (DELETE /suppressions/{email}).`,
    next,
    `Task ${task.taskId} is listed under GET /tasks.`,
  ];
  return {
    to: [owner],
    subject: `Action needed: notices to ${task.email} stopped (${reason})`,
    text: lines.join('\n\n'),
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</body></html>`,
    headers: { 'X-Arflow-Task': task.taskId },
  };
}
