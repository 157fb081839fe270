import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';
import * as z from 'zod';

/** A hex colour as email clients read it: #rgb or #rrggbb. Validated so it can sit in a style attribute. */
const hexColour = z.string().max(7).regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, 'must be a hex colour like #0b5fff');
/** Shown in the From header and the notice: no line breaks or characters that could forge a header. */
const headerSafeText = z.string().trim().min(1).max(64).regex(/^[^\r\n<>"]+$/, 'may not contain line breaks, quotes or angle brackets');
/** The payee's IBAN, stored in electronic form (no spaces, upper case); ibantools checks country, length and check digits. */
const iban = z
  .string()
  .max(50, 'must be at most 50 characters')
  .transform((value) => electronicFormatIBAN(value) ?? '')
  .refine((value) => isValidIBAN(value), 'must be a valid IBAN, e.g. DE89 3704 0044 0532 0130 00');
const bic = z
  .string()
  .max(14, 'must be 8 or 11 characters')
  .transform((value) => value.replace(/\s+/g, '').toUpperCase())
  .refine((value) => isValidBIC(value), 'must be a valid BIC of 8 or 11 characters, e.g. COBADEFFXXX');
/** EPC069-12 allows 70 characters for the beneficiary's name. */
const accountName = z.string().trim().min(1).max(70, 'must be at most 70 characters (the EPC QR code limit)').regex(/^[^\r\n<>"]+$/, 'may not contain line breaks, quotes or angle brackets');
const email = z.email('must be an email address').max(254).transform((value) => value.toLowerCase());

/**
 * How a tenant's notices look and who they come from. Every field is optional: what is missing
 * falls back to the deployment's sender and arflow's neutral look.
 */
export const brandingSchema = z.strictObject({
  displayName: headerSafeText.optional(),
  /** The From address: must be at a sender identity this deployment verified (infra config `tenantSenderIdentities`). */
  senderEmail: email.optional(),
  replyTo: email.optional(),
  /** Only https: an http image is blocked or flagged by mail clients. */
  logoUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2048).optional(),
  colours: z
    .strictObject({ primary: hexColour.optional(), text: hexColour.optional(), background: hexColour.optional() })
    .default({}),
  /** Lines under the message, e.g. a name and a phone number. */
  signature: z.string().trim().max(1000).optional(),
  /** Legal details: company name, registered address, registration and VAT numbers. */
  footer: z.string().trim().max(2000).optional(),
  /** The payee's bank account, shown on every notice with the invoice's payment reference (and, in euro, an EPC QR code). */
  iban: iban.optional(),
  bic: bic.optional(),
  /** The account holder's name; the display name when absent. */
  accountName: accountName.optional(),
});

export type BrandingInput = z.input<typeof brandingSchema>;
export type Branding = z.output<typeof brandingSchema>;

/** What a notice is rendered with: every value present. */
export interface ResolvedBranding {
  displayName: string;
  /** The tenant's own From address when it may send from it; else undefined (the deployment's sender). */
  senderEmail?: string;
  replyTo?: string;
  logoUrl?: string;
  colours: { primary: string; text: string; background: string };
  signature?: string;
  footer?: string;
  /** The payee's account, when the tenant gave an IBAN. */
  bank?: PayeeAccount;
}

export interface PayeeAccount {
  iban: string;
  bic?: string;
  accountName: string;
}

export const defaultColours = { primary: '#0b5fff', text: '#1f2328', background: '#f6f8fa' } as const;

/**
 * Whether an address may be used as a From address: the address itself or its domain is one of the
 * deployment's verified tenant sender identities.
 */
export function isAllowedSender(address: string, identities: readonly string[]): boolean {
  const lower = address.toLowerCase();
  const domain = lower.slice(lower.lastIndexOf('@') + 1);
  return identities.some((identity) => identity.toLowerCase() === lower || identity.toLowerCase() === domain);
}

export function resolveBranding(branding: Branding | undefined, fallbackName: string, senderIdentities: readonly string[]): ResolvedBranding {
  const senderEmail = branding?.senderEmail && isAllowedSender(branding.senderEmail, senderIdentities) ? branding.senderEmail : undefined;
  return {
    displayName: branding?.displayName ?? fallbackName,
    ...(senderEmail ? { senderEmail } : {}),
    ...(branding?.replyTo ? { replyTo: branding.replyTo } : {}),
    ...(branding?.logoUrl ? { logoUrl: branding.logoUrl } : {}),
    colours: { ...defaultColours, ...branding?.colours },
    ...(branding?.signature ? { signature: branding.signature } : {}),
    ...(branding?.footer ? { footer: branding.footer } : {}),
    ...(branding?.iban
      ? { bank: { iban: branding.iban, ...(branding.bic ? { bic: branding.bic } : {}), accountName: branding.accountName ?? (branding.displayName ?? fallbackName).slice(0, 70) } }
      : {}),
  };
}
