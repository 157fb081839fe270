import { SendEmailCommand, type Attachment, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { InlineQrCode, Mailer, OutgoingEmail } from '../mailer.port.js';

/**
 * `"Display Name" <address>`: a non-ASCII name is MIME-encoded (RFC 2047), as SES requires of the
 * From address. The name was validated to hold no quotes, angle brackets or line breaks.
 */
export function fromHeader(address: string, name: string | undefined): string {
  if (!name) return address;
   
  const encoded = /^[\x20-\x7e]*$/.test(name) ? `"${name}"` : `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`;
  return `${encoded} <${address}>`;
}

/**
 * A QR code as an inline PNG part (SES v2 SendEmail attachments, Content-Disposition: inline, with a
 * Content-ID the HTML names): about 1 KB, shown by clients that block remote and `data:` images.
 */
export async function inlinePng(code: InlineQrCode): Promise<Attachment> {
  // Loaded on first use: every function imports the kernel, few send a QR code (about 0.2 s of cold start).
  const { default: QRCode } = await import('qrcode');
  const png = await QRCode.toBuffer(code.text, { type: 'png', errorCorrectionLevel: code.errorCorrectionLevel, margin: 4, scale: 4 });
  return { FileName: code.filename, ContentType: 'image/png', ContentDisposition: 'INLINE', ContentId: code.contentId, ContentTransferEncoding: 'BASE64', RawContent: png };
}

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
    private readonly configurationSetName: string | undefined,
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const result = await this.ses.send(
      new SendEmailCommand({
        // The tenant's verified identity when it has one, else the deployment's sender.
        FromEmailAddress: fromHeader(email.from?.address ?? this.from, email.from?.name),
        Destination: { ToAddresses: email.to },
        ...(email.replyTo?.length ? { ReplyToAddresses: email.replyTo } : {}),
        ConfigurationSetName: this.configurationSetName,
        ...(email.tags ? { EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })) } : {}),
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
            Headers: Object.entries(email.headers ?? {}).map(([Name, Value]) => ({ Name, Value })),
            ...(email.inlineQrCodes?.length ? { Attachments: await Promise.all(email.inlineQrCodes.map(inlinePng)) } : {}),
          },
        },
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the email but returned no message id');
    return { messageId: result.MessageId };
  }
}
