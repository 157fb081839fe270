import { GetEmailIdentityCommand, type GetEmailIdentityCommandOutput, type SESv2Client } from '@aws-sdk/client-sesv2';
import { parseArgs } from 'node:util';
import { createDocumentClient, createSesClient } from '../shared/kernel/index.js';
import { DynamoNoticeSettings } from '../shared/notices/index.js';
import { tenantIdSchema } from '../shared/kernel/index.js';

export const dkimUsage = `  npm run arflow -- dkim <domain or address>
  npm run arflow -- dkim --tenant <tenant-id> --table <TableName>
      Prints the DNS records SES needs to DKIM-sign a sender identity (three CNAMEs for Easy DKIM) and
      its status, read from SES (GetEmailIdentity) with your AWS credentials and AWS_REGION. With
      --tenant, the identity of the tenant's branding sender address (PUT /branding, senderEmail): its
      domain, else the address. The stack's TenantSender…Dkim outputs hold the same records after deploy.
`;

type IdentityReader = Pick<SESv2Client, 'send'>;

export async function dkimCommand(argv: string[], ses: IdentityReader = createSesClient()): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { tenant: { type: 'string' }, table: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(dkimUsage);
    return 0;
  }
  let candidates: string[];
  if (values.tenant !== undefined) {
    const tenant = tenantIdSchema.safeParse(values.tenant);
    if (!tenant.success) return fail(`--tenant ${tenant.error.issues[0]?.message ?? 'is invalid'}`);
    if (!values.table) return fail('--table is required with --tenant: the TableName output of the deployed stack');
    const sender = (await new DynamoNoticeSettings(createDocumentClient(), values.table).branding(tenant.data))?.senderEmail;
    if (!sender) return fail(`Tenant ${tenant.data} has no sender address of its own (PUT /branding, senderEmail): its notices come from the deployment's sender`);
    candidates = identitiesOf(sender);
  } else if (positionals.length === 1) {
    candidates = identitiesOf(positionals[0]!);
  } else {
    return fail(`Name one domain or address, or --tenant with --table\n\n${dkimUsage}`);
  }

  for (const identity of candidates) {
    let found: GetEmailIdentityCommandOutput;
    try {
      found = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
    } catch (error) {
      if ((error as Error).name === 'NotFoundException') continue;
      return fail(`Could not read the SES identity ${identity}: ${(error as Error).name}: ${(error as Error).message}`);
    }
    process.stdout.write(dkimReport(identity, found));
    return 0;
  }
  return fail(`SES (region ${process.env['AWS_REGION'] ?? 'from your AWS profile'}) has no identity ${candidates.join(' or ')}: add it to tenantSenderIdentities and deploy`);
}

/** An address is sent for by its domain's identity when the domain is verified, else by its own. */
export function identitiesOf(sender: string): string[] {
  const at = sender.lastIndexOf('@');
  return at < 0 ? [sender.toLowerCase()] : [sender.slice(at + 1).toLowerCase(), sender.toLowerCase()];
}

/**
 * What the operator publishes, as SES documents Easy DKIM: `<token>._domainkey.<domain>` CNAME
 * `<token>.dkim.amazonses.com` per token. An address identity has no records of its own.
 */
export function dkimReport(identity: string, found: Pick<GetEmailIdentityCommandOutput, 'IdentityType' | 'VerifiedForSendingStatus' | 'DkimAttributes'>): string {
  const dkim = found.DkimAttributes;
  const lines = [
    `${identity} (${found.IdentityType ?? 'identity'}): verified for sending: ${found.VerifiedForSendingStatus ? 'yes' : 'no'}; DKIM ${dkim?.Status ?? 'NOT_STARTED'}${dkim?.SigningAttributesOrigin ? ` (${dkim.SigningAttributesOrigin}${dkim.CurrentSigningKeyLength ? `, ${dkim.CurrentSigningKeyLength}` : ''})` : ''}`,
  ];
  const tokens = dkim?.Tokens ?? [];
  if (found.IdentityType === 'EMAIL_ADDRESS' || tokens.length === 0) {
    lines.push(`No DKIM records of its own: SES signs mail from ${identity} with the DKIM of its domain once the domain is a verified identity (add the domain to tenantSenderIdentities).`);
  } else if (dkim?.SigningAttributesOrigin === 'EXTERNAL') {
    lines.push(`Bring-your-own DKIM: publish your public key as a TXT record at ${tokens.map((selector) => `${selector}._domainkey.${identity}`).join(', ')}.`);
  } else {
    lines.push(`Publish these CNAME records in the DNS of ${identity}${dkim?.Status === 'SUCCESS' ? ' (SES has found them)' : ''}:`);
    for (const token of tokens) lines.push(`  ${token}._domainkey.${identity}  CNAME  ${token}.dkim.amazonses.com`);
  }
  return `${lines.join('\n')}\n`;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
