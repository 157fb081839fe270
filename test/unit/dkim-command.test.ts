import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GetEmailIdentityCommand, GetEmailIdentityCommandOutput } from '@aws-sdk/client-sesv2';
import { dkimCommand, dkimReport, identitiesOf } from '../../cli/dkim-command.js';

/** A domain identity as SESv2 GetEmailIdentity describes one with Easy DKIM. */
const domainIdentity: Pick<GetEmailIdentityCommandOutput, 'IdentityType' | 'VerifiedForSendingStatus' | 'DkimAttributes'> = {
  IdentityType: 'DOMAIN',
  VerifiedForSendingStatus: false,
  DkimAttributes: { SigningEnabled: true, Status: 'PENDING', Tokens: ['tok1', 'tok2', 'tok3'], SigningAttributesOrigin: 'AWS_SES', CurrentSigningKeyLength: 'RSA_2048_BIT' },
};

/** Runs the command with SES answering through `answer` (the local SES emulator has no GetEmailIdentity). */
async function run(argv: string[], answer: (identity: string) => Partial<GetEmailIdentityCommandOutput>) {
  const asked: string[] = [];
  const ses = {
    send: async (command: GetEmailIdentityCommand) => {
      asked.push(command.input.EmailIdentity!);
      return answer(command.input.EmailIdentity!);
    },
  };
  let out = '';
  let err = '';
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof process.stderr.write;
  try {
    const code = await dkimCommand(argv, ses as never);
    return { code, out, err, asked };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
  }
}

const notFound = () => {
  throw Object.assign(new Error('Email identity not found'), { name: 'NotFoundException' });
};

describe('npm run arflow -- dkim', () => {
  it("prints a domain's three Easy DKIM CNAME records and its status", () => {
    assert.equal(
      dkimReport('mail.acme.example', domainIdentity),
      [
        'mail.acme.example (DOMAIN): verified for sending: no; DKIM PENDING (AWS_SES, RSA_2048_BIT)',
        'Publish these CNAME records in the DNS of mail.acme.example:',
        '  tok1._domainkey.mail.acme.example  CNAME  tok1.dkim.amazonses.com',
        '  tok2._domainkey.mail.acme.example  CNAME  tok2.dkim.amazonses.com',
        '  tok3._domainkey.mail.acme.example  CNAME  tok3.dkim.amazonses.com',
        '',
      ].join('\n'),
    );
  });

  it('says an address identity has no records of its own and points at its domain', () => {
    const report = dkimReport('billing@globex.example', { IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: true, DkimAttributes: { Status: 'NOT_STARTED', Tokens: [] } });
    assert.match(report, /verified for sending: yes/);
    assert.match(report, /No DKIM records of its own/);
    assert.doesNotMatch(report, /CNAME/);
  });

  it("looks up a sender address's domain first, then the address", async () => {
    assert.deepEqual(identitiesOf('Billing@Mail.Acme.example'), ['mail.acme.example', 'billing@mail.acme.example']);
    const viaAddress = await run(['billing@globex.example'], (identity) => (identity === 'globex.example' ? notFound() : { IdentityType: 'EMAIL_ADDRESS', DkimAttributes: { Tokens: [] } }));
    assert.deepEqual(viaAddress.asked, ['globex.example', 'billing@globex.example']);
    assert.equal(viaAddress.code, 0);
    assert.match(viaAddress.out, /^billing@globex\.example \(EMAIL_ADDRESS\)/);
    const viaDomain = await run(['billing@mail.acme.example'], () => domainIdentity);
    assert.deepEqual(viaDomain.asked, ['mail.acme.example']);
    assert.match(viaDomain.out, /tok1\._domainkey\.mail\.acme\.example {2}CNAME {2}tok1\.dkim\.amazonses\.com/);
  });

  it('fails with exit code 2 and says so when SES has no such identity or cannot be read', async () => {
    const missing = await run(['nowhere.example'], notFound);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /has no identity nowhere\.example: add it to tenantSenderIdentities/);
    const broken = await run(['mail.acme.example'], () => {
      throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    });
    assert.equal(broken.code, 2);
    assert.match(broken.err, /Could not read the SES identity mail\.acme\.example: AccessDeniedException: denied/);
    assert.equal((await run([], notFound)).code, 2);
    assert.match((await run(['--tenant', 'acme'], notFound)).err, /--table is required/);
  });
});
