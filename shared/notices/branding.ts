import * as z from 'zod';

/** A hex colour as email clients read it: #rgb or #rrggbb. Validated so it can sit in a style attribute. */
const hexColour = z.string().max(7).regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, 'must be a hex colour like #0b5fff');
/** Shown in the From header and the notice: no line breaks or characters that could forge a header. */
const headerSafeText = z.string().trim().min(1).max(64).regex(/^[^\r\n<>"]+$/, 'may not contain line breaks, quotes or angle brackets');
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
  };
}
