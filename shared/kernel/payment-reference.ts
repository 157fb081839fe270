import { createHash } from 'node:crypto';
import * as z from 'zod';

/**
 * Structured payment references: what a payer types (or scans) into the transfer so that the bank
 * statement names the invoice. Two schemes are read:
 * - ISO 11649 creditor reference, `RF` + 2 check digits (ISO 7064 MOD 97-10) + 1–21 letters or digits;
 * - the Swiss QR reference (QRR), 27 digits whose last is a recursive MOD 10 check digit (SIX, Swiss
 *   Implementation Guidelines for the QR-bill, annex B).
 * A reference is compared in its normalized form: no spaces, upper case. Nothing else is changed
 * (leading zeros stay: `RF18539007547034` and `RF18000000000539007547034` are two references).
 */
export type PaymentReferenceScheme = 'RF' | 'QRR';

export interface PaymentReference {
  scheme: PaymentReferenceScheme;
  /** The normalized reference, e.g. `RF18539007547034`. */
  reference: string;
}

/** The longest ISO 11649 body (25 characters in all). */
export const RF_BODY_MAX = 21;

/** Strips whitespace (printed references come in groups of four) and upper-cases. */
export function normalizePaymentReference(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/** The reference's scheme and normalized form, or undefined when it is neither a valid RF nor a valid QR reference. */
export function parsePaymentReference(text: string): PaymentReference | undefined {
  const reference = normalizePaymentReference(text);
  return paymentReferenceProblem(reference) === undefined ? { scheme: reference.startsWith('RF') ? 'RF' : 'QRR', reference } : undefined;
}

/** Why a text is not a structured reference we read (undefined when it is one): the message of a 4xx. */
export function paymentReferenceProblem(text: string): string | undefined {
  const reference = normalizePaymentReference(text);
  if (reference.startsWith('RF')) {
    if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(reference)) return 'must be an ISO 11649 reference: RF, 2 check digits and 1 to 21 letters or digits';
    return mod97(reference.slice(4) + reference.slice(0, 4)) === 1 ? undefined : 'has wrong ISO 11649 check digits';
  }
  if (/^\d+$/.test(reference)) {
    if (reference.length !== 27) return 'must be an ISO 11649 reference (RF…) or a Swiss QR reference of 27 digits';
    if (/^0+$/.test(reference)) return 'a Swiss QR reference may not be all zeros';
    return qrrCheckDigit(reference.slice(0, 26)) === reference.slice(26) ? undefined : 'has a wrong Swiss QR reference check digit';
  }
  return 'must be an ISO 11649 reference (RF…) or a Swiss QR reference of 27 digits';
}

/** `RF` + check digits + body: the ISO 11649 reference of a body of 1–21 letters or digits. */
export function rfReference(body: string): string {
  const normalized = normalizePaymentReference(body);
  if (!/^[A-Z0-9]{1,21}$/.test(normalized)) throw new RangeError(`An ISO 11649 body is 1 to 21 letters or digits: ${body}`);
  const check = 98 - mod97(`${normalized}RF00`);
  return `RF${String(check).padStart(2, '0')}${normalized}`;
}

/**
 * The RF reference arflow assigns to an invoice that came without one: stable forever (it depends only
 * on its arguments, and is stored on the invoice) and unique per tenant:
 * - an invoice number of 1–20 upper-case letters or digits is the body itself (`INV1001` → `RF06INV1001`):
 *   readable, and two numbers never share it;
 * - any other number (lower case, punctuation, longer) gets a body of exactly 21 base-36 characters, the
 *   SHA-256 of tenant and number: no body of the first kind is 21 long, so the two kinds never meet; two
 *   numbers share one only by a hash collision of 108 bits (for a tenant with 10^9 invoices, a chance
 *   below 10^-14). The creation of an invoice still refuses a reference another invoice has.
 * The tenant makes hashed references differ between tenants; uniqueness is per tenant either way.
 */
export function creditorReferenceFor(tenantId: string, invoiceNumber: string): string {
  if (/^[A-Z0-9]{1,20}$/.test(invoiceNumber)) return rfReference(invoiceNumber);
  const digest = createHash('sha256').update(`${tenantId}\u0000${invoiceNumber}`, 'utf8').digest('hex');
  const body = (BigInt(`0x${digest}`) % 36n ** 21n).toString(36).toUpperCase().padStart(RF_BODY_MAX, '0');
  return rfReference(body);
}

/** ISO 11649 in groups of four, as printed on a notice: `RF18 5390 0754 7034`. */
export function formatPaymentReference(reference: string): string {
  const normalized = normalizePaymentReference(reference);
  if (!normalized.startsWith('RF')) {
    // A QR reference prints as 2 digits then groups of five (SIX).
    return /^\d{27}$/.test(normalized) ? `${normalized.slice(0, 2)} ${normalized.slice(2).replace(/(\d{5})(?=\d)/g, '$1 ')}` : normalized;
  }
  return normalized.replace(/(.{4})(?=.)/g, '$1 ');
}

/** A posted reference: normalized, and valid in one of the schemes. */
export const paymentReferenceSchema = z
  .string()
  .max(64, 'must be at most 64 characters')
  .transform(normalizePaymentReference)
  .superRefine((reference, context) => {
    const problem = paymentReferenceProblem(reference);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** ISO 7064 MOD 97-10 of letters (A=10 … Z=35) and digits, one digit at a time so that no number overflows. */
function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const value = parseInt(char, 36);
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

/** The Swiss QR reference's recursive MOD 10 check digit (the same as the ISR reference's). */
function qrrCheckDigit(digits: string): string {
  const table = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5];
  let carry = 0;
  for (const digit of digits) carry = table[(carry + Number(digit)) % 10]!;
  return String((10 - carry) % 10);
}
