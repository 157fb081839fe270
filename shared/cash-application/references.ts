/** Payment references as banks carry them: spaces stripped, upper case. */
export const normalizeReference = (text: string): string => text.replace(/\s+/g, '').toUpperCase();

/** ISO 11649 creditor reference: RF, two check digits, 1-21 letters or digits; valid when mod 97 of the rearranged number is 1. */
export function isCreditorReference(reference: string): boolean {
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(reference)) return false;
  const rearranged = reference.slice(4) + reference.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const QR_TABLE = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5];

/** Swiss QR reference (and the older ISR/ESR): 27 digits, the last a recursive modulo-10 check digit. */
export function isQrReference(reference: string): boolean {
  if (!/^\d{27}$/.test(reference)) return false;
  let carry = 0;
  for (const digit of reference.slice(0, 26)) carry = QR_TABLE[(carry + Number(digit)) % 10]!;
  return (10 - carry) % 10 === Number(reference[26]);
}

/** A reference whose check digits make a typo impossible to mistake for another invoice's. */
export const isCheckedReference = (reference: string): boolean => isCreditorReference(reference) || isQrReference(reference);
