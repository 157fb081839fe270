import { friendlyFormatIBAN } from 'ibantools';
import { EPC_ERROR_CORRECTION, epcQrPayload, formatPaymentReference, type InlineQrCode } from '../kernel/index.js';
import { paymentReferenceOf, type Invoice } from '../invoicing/index.js';
import type { PayeeAccount } from './branding.js';
import type { NoticeLabels } from './labels.js';

/** How to pay one invoice by transfer: its reference, the payee's account, and (in euro) the EPC QR payload. */
export interface PaymentInstructions {
  /** Normalized, as the bank statement will carry it. */
  reference: string;
  /** As printed: groups of four (RF) or five (QR reference). */
  referenceText: string;
  bank?: PayeeAccount & { ibanText: string };
  /** The EPC QR code's text: only for euro invoices of a tenant with an IBAN. */
  epcQr?: string;
}

/** The Content-ID the notice's HTML names the EPC QR code by. */
export const EPC_QR_CONTENT_ID = 'epc-qr@arflow';

export function paymentInstructionsFor(invoice: Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'paymentReference' | 'currency' | 'balance'>, bank: PayeeAccount | undefined): PaymentInstructions {
  const reference = paymentReferenceOf(invoice);
  const instructions: PaymentInstructions = { reference, referenceText: formatPaymentReference(reference) };
  if (!bank) return instructions;
  instructions.bank = printedAccount(bank);
  if (invoice.currency === 'EUR') {
    try {
      instructions.epcQr = epcQrPayload({ name: bank.accountName, iban: bank.iban, bic: bank.bic, amountCents: invoice.balance, reference });
    } catch {
      // Stored branding was validated against the same limits; a payload that still breaks one is left out, the details stay.
    }
  }
  return instructions;
}

/** The payee's account as labelled lines (none without bank details). */
function accountLines(bank: PaymentInstructions['bank'], labels: NoticeLabels['transfer']) {
  if (!bank) return [];
  return [{ label: labels.accountName, value: bank.accountName }, { label: labels.iban, value: bank.ibanText }, ...(bank.bic ? [{ label: labels.bic, value: bank.bic }] : [])];
}

/** The payee's account as the notices print it (the IBAN in groups of four). */
function printedAccount(bank: PayeeAccount): NonNullable<PaymentInstructions['bank']> {
  return { ...bank, ibanText: friendlyFormatIBAN(bank.iban) ?? bank.iban };
}

/** The notice's bank-transfer block: labelled lines (HTML and text) and the QR code. */
export function transferBlock(instructions: PaymentInstructions, labels: NoticeLabels['transfer']) {
  const lines = [{ label: labels.reference, value: instructions.referenceText }, ...accountLines(instructions.bank, labels)];
  const qrCode = instructions.epcQr ? { src: `cid:${EPC_QR_CONTENT_ID}`, alt: labels.qrAlt, caption: labels.qrCaption } : undefined;
  return { heading: labels.heading, lines, ...(qrCode ? { qrCode } : {}) };
}

/**
 * The bank-transfer block of a notice listing several invoices: each invoice's reference, then the
 * account. No QR code: one transfer, one reference (a payer of several invoices sends several, or
 * quotes each number).
 */
export function listTransferBlock(invoices: readonly Pick<Invoice, 'tenantId' | 'invoiceNumber' | 'paymentReference'>[], bank: PayeeAccount | undefined, labels: NoticeLabels['transfer']) {
  const references = invoices.map((invoice) => ({ label: `${labels.reference} ${invoice.invoiceNumber}`, value: formatPaymentReference(paymentReferenceOf(invoice)) }));
  return { heading: labels.heading, lines: [...references, ...accountLines(bank && printedAccount(bank), labels)] };
}

/** The inline image the mailer attaches for a notice with an EPC QR code. */
export function epcQrAttachment(instructions: PaymentInstructions): InlineQrCode[] {
  return instructions.epcQr ? [{ contentId: EPC_QR_CONTENT_ID, filename: 'epc-qr.png', text: instructions.epcQr, errorCorrectionLevel: EPC_ERROR_CORRECTION }] : [];
}
