import type { Invoice } from '../invoicing/index.js';
import type { SentMessage } from '../notices/index.js';
import { renderInvoiceListNotice } from '../notices/index.js';
import type { OutgoingEmail } from '../kernel/index.js';
import { customerZone } from '../invoicing/index.js';
import { createSelfServiceUrls } from '../self-service/index.js';
import type { DeliverabilityDeps } from './deps.js';
import { noticeContext, sendCustomerNotice, viewUrlOf, type NoticeContext } from '../notices/index.js';
import { composeReminder, reminderGate, type ReminderGate } from '../reminders/index.js';
import { resolvePolicy } from '../policy-assignment/index.js';

/** The stage a statement's invoices are recorded under (shared/notices/send-statement.ts). */
const statementStage = 'statement';

export type ResendOutcome =
  | { outcome: 'resent'; messageId: string; to: string; invoiceNumbers: string[] }
  | { outcome: 'not-resent'; reason: string }
  | { outcome: 'already-resent' };

type Kept = { invoice: Invoice; stage: string; gate: Extract<ReminderGate, { send: true }> };

/**
 * A notice that hard-bounced is sent again, once, to the customer's next contact that is not
 * suppressed: the reminder (or statement) it was, rendered from the invoices as they are now, with
 * fresh self-service links for its new reader. An invoice that is no longer collected (paid, closed,
 * disputed, paused, promised) is left out; when none is left, or the customer has no other contact,
 * nothing is sent and the timeline says why. SES may deliver the bounce event more than once: a claim
 * on the bounced message's record makes the re-send happen once.
 */
export async function resendBouncedNotice(deps: DeliverabilityDeps, message: SentMessage, bounced: string): Promise<ResendOutcome> {
  const now = deps.clock.now();
  if (!(await deps.sentMessages.claimResend(message.messageId, now.toISOString()))) return { outcome: 'already-resent' };

  const kept: Kept[] = [];
  const left: { invoiceNumber: string; stage: string; reason: string }[] = [];
  for (const notice of message.notices) {
    const invoice = await deps.invoices.get(message.tenantId, notice.invoiceNumber);
    if (!invoice) continue;
    const gate = notice.stage === statementStage ? await statementGate(deps, invoice) : await reminderGate(deps, invoice, notice.stage, now);
    if (gate.send) kept.push({ invoice, stage: notice.stage, gate });
    else left.push({ ...notice, reason: gate.reason });
  }
  if (!kept[0]) {
    for (const notice of left) await recordSkipped(deps, message, notice, notice.reason);
    return { outcome: 'not-resent', reason: 'no invoice of the notice is still being collected' };
  }
  const context = await noticeContext(deps, kept[0].invoice);
  if (!context.recipient) {
    const reason = `customer ${message.customerId} has no other contact that is not suppressed`;
    for (const { invoice, stage } of kept) await recordSkipped(deps, message, { invoiceNumber: invoice.invoiceNumber, stage }, reason);
    for (const notice of left) await recordSkipped(deps, message, notice, notice.reason);
    return { outcome: 'not-resent', reason };
  }

  const email = await composeAgain(deps, kept, context, now);
  email.to = [context.recipient];
  email.headers = { ...email.headers, 'X-Arflow-Sent-At': now.toISOString(), 'X-Arflow-Resend-Of': message.messageId };
  let messageId: string;
  try {
    ({ messageId } = await sendCustomerNotice(deps, email, {
      tenantId: message.tenantId,
      customerId: message.customerId,
      notices: kept.map(({ invoice, stage }) => ({ invoiceNumber: invoice.invoiceNumber, stage })),
    }));
  } catch (error) {
    // Nothing went out: the retried bounce event may try again.
    await deps.sentMessages.releaseResend(message.messageId);
    throw error;
  }
  for (const { invoice, stage } of kept) {
    await deps.invoices.appendEvent(message.tenantId, invoice.invoiceNumber, {
      type: 'notice.resent',
      at: now.toISOString(),
      key: `notice.resent:${message.messageId}`,
      detail: { stage, messageId, to: email.to, subject: email.subject, resendOf: message.messageId, bounced, balance: invoice.balance },
    });
  }
  for (const notice of left) await recordSkipped(deps, message, notice, notice.reason);
  return { outcome: 'resent', messageId, to: context.recipient, invoiceNumbers: kept.map(({ invoice }) => invoice.invoiceNumber) };
}

/** A statement lists what is owed: an invoice that is closed or disputed now is not on it again. */
async function statementGate(deps: DeliverabilityDeps, invoice: Invoice): Promise<ReminderGate> {
  if (invoice.status !== 'open') return { send: false, reason: `invoice is ${invoice.status}` };
  if (invoice.dispute?.status === 'open') return { send: false, reason: 'the invoice is disputed' };
  return { send: true, policy: await resolvePolicy(deps, invoice.tenantId, invoice), planned: { kind: 'none' }, isBrokenPromise: false };
}

async function composeAgain(deps: DeliverabilityDeps, kept: readonly Kept[], context: NoticeContext, now: Date): Promise<OutgoingEmail> {
  const [lead, ...others] = kept as [Kept, ...Kept[]];
  if (lead.stage !== statementStage) return composeReminder(deps, lead, others, context, now);
  const listed = await Promise.all(kept.map(async ({ invoice }) => ({ invoice, viewUrl: viewUrlOf(await createSelfServiceUrls(deps, invoice, statementStage, now)) })));
  return renderInvoiceListNotice({
    kind: 'statement',
    invoices: listed,
    now,
    zone: customerZone(lead.invoice, lead.gate.policy),
    locale: context.locale,
    senderName: deps.senderName,
    branding: context.branding,
    templates: context.templates,
  });
}

async function recordSkipped(deps: DeliverabilityDeps, message: SentMessage, notice: { invoiceNumber: string; stage: string }, reason: string): Promise<void> {
  await deps.invoices.appendEvent(message.tenantId, notice.invoiceNumber, {
    type: 'notice.resend-skipped',
    at: deps.clock.now().toISOString(),
    key: `notice.resend-skipped:${message.messageId}`,
    detail: { stage: notice.stage, reason, resendOf: message.messageId },
  });
}
