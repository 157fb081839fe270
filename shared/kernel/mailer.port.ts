
export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. the invoice number for support staff tracing a notice. */
  headers?: Record<string, string>;
  /** The tenant's sender (display name, verified address); the deployment's sender fills what is missing. */
  from?: { name?: string; address?: string };
  replyTo?: string[];
  /** SES message tags (they come back in its delivery events). */
  tags?: Record<string, string>;
  /**
   * QR codes the HTML part shows as `<img src="cid:<contentId>">`: the mailer draws each as a PNG and
   * attaches it inline (many mail clients block `data:` images; an inline part is shown with the mail).
   */
  inlineQrCodes?: InlineQrCode[];
}

export interface InlineQrCode {
  contentId: string;
  filename: string;
  /** What the code encodes. */
  text: string;
  errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H';
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
