import { isValidBIC, isValidIBAN } from 'ibantools';
import { normalizePaymentReference } from './payment-reference.js';

/**
 * The EPC QR code ("GiroCode", EPC069-12, Quick Response Code: guidelines to enable data capture for the
 * initiation of a SEPA credit transfer): the text a banking app reads to fill in a transfer. Lines
 * separated by LF, in this order:
 *   BCD / version 002 / character set 1 (UTF-8) / SCT / BIC (optional in version 002) / beneficiary name
 *   (≤ 70) / IBAN / `EUR` + amount (0.01 – 999999999.99, optional) / purpose (4 letters, optional) /
 *   structured remittance (ISO 11649 RF reference, ≤ 35) / unstructured remittance (≤ 140) /
 *   beneficiary-to-originator information (≤ 70, optional).
 * Structured and unstructured remittance exclude each other. The whole payload is at most 331 bytes,
 * and the code is drawn with error correction level M.
 */
export interface SepaTransfer {
  name: string;
  iban: string;
  bic?: string | undefined;
  /** Euro cents; left out of the code when outside EPC's range (the payer types the amount). */
  amountCents?: number | undefined;
  /** An ISO 11649 reference goes in the structured field; any other reference (a Swiss QR reference) in the text. */
  reference?: string | undefined;
  /** Unstructured remittance, used only when there is no RF reference. */
  text?: string | undefined;
  purpose?: string | undefined;
  information?: string | undefined;
  /** 002 by default; 001 requires the BIC. */
  version?: '001' | '002';
}

export const EPC_LIMITS = { name: 70, maxAmountCents: 99_999_999_999, structured: 35, unstructured: 140, information: 70, payloadBytes: 331 } as const;

/** The error correction level EPC069-12 requires. */
export const EPC_ERROR_CORRECTION = 'M';

/** The EPC QR payload of a SEPA credit transfer in euro; RangeError when a field breaks EPC069-12. */
export function epcQrPayload(transfer: SepaTransfer): string {
  const version = transfer.version ?? '002';
  const iban = transfer.iban.replace(/\s+/g, '').toUpperCase();
  const bic = transfer.bic?.replace(/\s+/g, '').toUpperCase() ?? '';
  if (!isValidIBAN(iban)) throw new RangeError('The EPC QR code needs a valid IBAN');
  if (bic !== '' && !isValidBIC(bic)) throw new RangeError('The EPC QR code needs a valid BIC, or none');
  if (version === '001' && bic === '') throw new RangeError('EPC QR version 001 needs the BIC');
  const name = transfer.name.replace(/[\r\n]+/g, ' ').trim();
  if (name === '' || [...name].length > EPC_LIMITS.name) throw new RangeError(`The beneficiary name must be 1 to ${EPC_LIMITS.name} characters`);
  const cents = transfer.amountCents;
  const amount = cents !== undefined && Number.isInteger(cents) && cents >= 1 && cents <= EPC_LIMITS.maxAmountCents ? `EUR${euros(cents)}` : '';
  const reference = transfer.reference === undefined ? undefined : normalizePaymentReference(transfer.reference);
  const structured = reference?.startsWith('RF') ? reference : '';
  const unstructured = structured ? '' : (reference ?? transfer.text ?? '').replace(/[\r\n]+/g, ' ').trim();
  if (structured.length > EPC_LIMITS.structured) throw new RangeError(`A structured reference is at most ${EPC_LIMITS.structured} characters`);
  if ([...unstructured].length > EPC_LIMITS.unstructured) throw new RangeError(`Remittance text is at most ${EPC_LIMITS.unstructured} characters`);
  const information = (transfer.information ?? '').replace(/[\r\n]+/g, ' ').trim();
  if ([...information].length > EPC_LIMITS.information) throw new RangeError(`Beneficiary-to-originator information is at most ${EPC_LIMITS.information} characters`);
  const purpose = transfer.purpose ?? '';
  if (purpose !== '' && !/^[A-Z]{4}$/.test(purpose)) throw new RangeError('A purpose code is 4 capital letters');
  const lines = ['BCD', version, '1', 'SCT', bic, name, iban, amount, purpose, structured, unstructured, information];
  // Trailing empty fields may be left out.
  while (lines.at(-1) === '') lines.pop();
  const payload = lines.join('\n');
  if (Buffer.byteLength(payload, 'utf8') > EPC_LIMITS.payloadBytes) throw new RangeError(`An EPC QR payload is at most ${EPC_LIMITS.payloadBytes} bytes`);
  return payload;
}

/** 1 → "0.01", 100 → "1", 1230 → "12.30": whole euros as EPC's example writes them (EUR1), else two decimals. */
function euros(cents: number): string {
  const whole = Math.floor(cents / 100);
  return cents % 100 === 0 ? String(whole) : `${whole}.${String(cents % 100).padStart(2, '0')}`;
}
