
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
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
