import type { Invoice } from '../../shared/invoicing/index.js';
import { noticeLabels, transferBlock, type PaymentInstructions } from '../../shared/notices/index.js';
import { EPC_ERROR_CORRECTION, formatMoney } from '../../shared/kernel/index.js';
import { escapeHtml } from '../../shared/kernel/index.js';
import { ALREADY_PAID_PAUSE_DAYS, MAX_PROMISE_DAYS, type CustomerAction } from '../../shared/self-service/index.js';
import type { CustomerLinkRefusal, CustomerRequest } from '../../shared/self-service/index.js';

/** Plain, accessible pages that work on a phone: no scripts, no external assets, large touch targets. */
function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1rem;color:#1f2328;line-height:1.5}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}textarea,input{font-size:1rem;width:100%;box-sizing:border-box;padding:.5rem}
button{font-size:1rem;padding:.7rem 1.4rem;border:0;border-radius:.3rem;background:#0b5fff;color:#fff;cursor:pointer;margin-top:1rem}
ul{padding-left:1.2rem}li{margin:.5rem 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace}.qr svg{width:12rem;height:12rem}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

function summary(invoice: Invoice): string {
  return `<p>Invoice <strong>${escapeHtml(invoice.invoiceNumber)}</strong> for ${escapeHtml(invoice.customer.name)}: <strong>${escapeHtml(formatMoney(invoice.balance, invoice.currency, invoice.customer.locale ?? 'en-US'))}</strong> due ${escapeHtml(invoice.extendedDueDate ?? invoice.dueDate)}.</p>`;
}

const titles: Record<CustomerAction, string> = {
  'already-paid': "I've already paid",
  dispute: 'I dispute this invoice',
  promise: "I'll pay by a date",
  'payment-plan': 'I need a payment plan',
};

const explanations: Record<CustomerAction, string> = {
  'already-paid': `We will pause reminders for ${ALREADY_PAID_PAUSE_DAYS} days while we match your payment, and tell your account manager.`,
  dispute: 'We will stop reminders for this invoice and your account manager will contact you.',
  promise: `Choose the day by which you will pay (within ${MAX_PROMISE_DAYS} days). We will not remind you before then.`,
  'payment-plan': 'Your request goes to our finance team, who will contact you to agree installments.',
};

/** GET without an action: what this invoice is, how to pay it and what can be done. Changes nothing. */
export function menuPage(invoice: Invoice, urls: Record<CustomerAction, string>, transfer = ''): string {
  const pay = invoice.paymentLinkUrl ? `<li><a href="${escapeHtml(invoice.paymentLinkUrl)}">Pay now</a></li>` : '';
  const items = (Object.keys(titles) as CustomerAction[]).map((action) => `<li><a href="${escapeHtml(urls[action])}">${escapeHtml(titles[action])}</a></li>`).join('');
  return page(`Invoice ${invoice.invoiceNumber}`, `${summary(invoice)}${transfer}<ul>${pay}${items}</ul>`);
}

/**
 * The bank-transfer section: the notice's transfer block (reference and account, the page being in
 * English) and in euro the EPC QR code as inline SVG (part of the page: no external asset, no data:
 * URI; qrcode draws it from the payload, so it holds no input).
 */
export async function transferSection(instructions: PaymentInstructions): Promise<string> {
  const labels = noticeLabels.en.transfer;
  const block = transferBlock(instructions, labels);
  const list = `<dl>${block.lines.map(({ label, value }) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
  // Loaded on first use, like the mailer's: most pages show no QR code.
  const qrSvg = instructions.epcQr ? await (await import('qrcode')).default.toString(instructions.epcQr, { type: 'svg', errorCorrectionLevel: EPC_ERROR_CORRECTION, margin: 4 }) : '';
  const qr = instructions.epcQr
    ? `<figure class="qr" role="img" aria-label="${escapeHtml(labels.qrAlt)}">${qrSvg}<figcaption>${escapeHtml(labels.qrCaption)}</figcaption></figure>`
    : '';
  return `<section aria-labelledby="transfer"><h2 id="transfer">${escapeHtml(block.heading)}</h2>${list}${qr}</section>`;
}

/** GET with an action: a confirmation form. Changes nothing (mail scanners open every link). */
export function confirmationPage(invoice: Invoice, action: CustomerAction, expires: number, signature: string, today: string, message?: string): string {
  const fields =
    action === 'dispute'
      ? '<label for="reason">What is wrong with this invoice?</label><textarea id="reason" name="reason" rows="5" required minlength="3" maxlength="2000"></textarea>'
      : action === 'promise'
        ? `<label for="date">I will pay by</label><input id="date" name="date" type="date" required min="${escapeHtml(today)}">`
        : '';
  return page(
    titles[action],
    `${summary(invoice)}${message ? `<p role="alert"><strong>${escapeHtml(message)}</strong></p>` : ''}<p>${escapeHtml(explanations[action])}</p>
<form method="post" action="">
<input type="hidden" name="expires" value="${expires}"><input type="hidden" name="sig" value="${escapeHtml(signature)}"><input type="hidden" name="action" value="${action}">
${fields}
<button type="submit">${escapeHtml(titles[action])}</button>
</form>
<p>Nothing changes until you press the button.</p>`,
  );
}

export function donePage(invoice: Invoice, request: CustomerRequest): string {
  const text = {
    'already-paid': `Thank you. Reminders are paused until ${invoice.pausedUntil?.slice(0, 10) ?? ''} while we match your payment.`,
    dispute: 'Thank you. Your dispute is recorded and reminders for this invoice have stopped. Your account manager will contact you.',
    promise: `Thank you. We have noted that you will pay by ${request.action === 'promise' ? request.date : ''}; we will not remind you before then.`,
    'payment-plan': 'Thank you. Your request for a payment plan has been sent to our finance team.',
  }[request.action];
  return page('Request received', `<p>${escapeHtml(text)}</p>`);
}

const refusals: Record<CustomerLinkRefusal, [number, string, string]> = {
  invalid: [404, 'This link is not valid', 'The link is incomplete or has been changed. Use the link from the email exactly as it is.'],
  expired: [410, 'This link has expired', 'This link is no longer valid. Please use the link in our most recent email, or contact us.'],
  used: [409, 'Already done', 'This request was already made through this link. Nothing was changed.'],
  closed: [409, 'Nothing is owed on this invoice', 'This invoice has been paid or closed. Nothing was changed.'],
};

export function refusalPage(reason: CustomerLinkRefusal): { statusCode: number; html: string } {
  const [statusCode, title, text] = refusals[reason];
  return { statusCode, html: page(title, `<p>${escapeHtml(text)}</p>`) };
}
