import { dateInZone } from '../kernel/index.js';
import { NotFoundError } from '../kernel/index.js';
import { renderInvoiceListNotice } from './statement-notice.js';
import { customerZone } from '../invoicing/index.js';
import { ConflictError } from '../kernel/index.js';
import { createSelfServiceUrls } from '../self-service/index.js';
import type { NoticesDeps } from './deps.js';
import { noticeContext, sendCustomerNotice, viewUrlOf } from './notice-context.js';
import { resolvePolicy } from '../policy-assignment/index.js';

/** A statement lists at most this many invoices (oldest due first); a customer with more gets the oldest. */
export const STATEMENT_MAX_INVOICES = 200;

export type StatementOutcome = { sent: true; messageId: string; invoices: number; to: string; date: string } | { sent: false; messageId: string; date: string; reason: 'already-sent-today' };

/**
 * Sends a customer its account statement: every open invoice with its link, and a total per currency.
 * At most one per customer per (customer-local) day, so a retried or repeated request sends nothing
 * twice: it answers with the day's message id instead.
 */
export async function sendStatement(deps: NoticesDeps, tenantId: string, customerId: string): Promise<StatementOutcome> {
  const invoices = await deps.invoices.openInvoicesOf(tenantId, customerId, STATEMENT_MAX_INVOICES);
  if (invoices.length === 0) throw new NotFoundError(`Customer ${customerId} has no open invoices`);
  const first = invoices[0]!;
  const policy = await resolvePolicy(deps, tenantId, first);
  const now = deps.clock.now();
  const zone = customerZone(first, policy);
  const date = dateInZone(now, zone);
  const context = await noticeContext(deps, first);
  if (!context.recipient) throw new ConflictError('all_contacts_suppressed', `Every contact of customer ${customerId} is suppressed (bounced or complained); clear one (DELETE /suppressions/{email}) or add a contact`);

  const claim = await deps.statements.claimStatement(tenantId, customerId, date);
  if (!claim.claimed) {
    if (claim.messageId) return { sent: false, messageId: claim.messageId, date, reason: 'already-sent-today' };
    throw new ConflictError('statement_in_progress', `A statement for customer ${customerId} is being sent; ask again in a moment`);
  }
  let messageId: string;
  try {
    const listed = await Promise.all(invoices.map(async (invoice) => ({ invoice, viewUrl: viewUrlOf(await createSelfServiceUrls(deps, invoice, 'statement', now)) })));
    const email = renderInvoiceListNotice({ kind: 'statement', invoices: listed, now, zone, locale: context.locale, senderName: deps.senderName, branding: context.branding, templates: context.templates });
    email.to = [context.recipient];
    email.headers = { ...email.headers, 'X-Arflow-Sent-At': now.toISOString() };
    ({ messageId } = await sendCustomerNotice(deps, email, { tenantId, customerId, notices: invoices.map((invoice) => ({ invoiceNumber: invoice.invoiceNumber, stage: 'statement' })) }));
  } catch (error) {
    await deps.statements.releaseStatement(tenantId, customerId, date);
    throw error;
  }
  await deps.statements.recordStatementSent(tenantId, customerId, date, messageId);
  for (const invoice of invoices) {
    await deps.invoices.appendEvent(tenantId, invoice.invoiceNumber, {
      type: 'statement.sent',
      at: now.toISOString(),
      key: `statement.sent:${date}`,
      detail: { messageId, to: [context.recipient], balance: invoice.balance, invoices: invoices.length },
    });
  }
  return { sent: true, messageId, invoices: invoices.length, to: context.recipient, date };
}
