import { normalizePaymentReference, parsePaymentReference } from '../kernel/index.js';

/** Payment references as banks carry them: spaces stripped, upper case (the kernel's one rule). */
export const normalizeReference = normalizePaymentReference;

/** ISO 11649 creditor reference (RF…) with valid check digits. */
export const isCreditorReference = (reference: string): boolean => parsePaymentReference(reference)?.scheme === 'RF';

/** Swiss QR reference: 27 digits, the last a recursive modulo-10 check digit. */
export const isQrReference = (reference: string): boolean => parsePaymentReference(reference)?.scheme === 'QRR';

/** A reference whose check digits make a typo impossible to mistake for another invoice's. */
export const isCheckedReference = (reference: string): boolean => parsePaymentReference(reference) !== undefined;
