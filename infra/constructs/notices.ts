import { ArnFormat, CfnOutput, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { pascalCase } from '../naming.js';

export interface NoticesProps {
  /** The From address of every notice. */
  senderEmail: string;
  /**
   * Create the SES email identity for `senderEmail` here. Leave off when the address or its domain is
   * verified outside this stack: CloudFormation fails to create an identity that already exists.
   */
  manageSenderIdentity: boolean;
  /**
   * Tenants' own sender identities: each domain gets an SES identity with Easy DKIM (its three CNAME
   * records are stack outputs, and `npm run arflow -- dkim <domain>` (cli/dkim-command.ts) prints them with their status);
   * each address gets an identity that SES verifies by email.
   */
  tenantSenderIdentities?: readonly string[];
}


/** The SES events arflow records on notices (opens and clicks are not tracked: no pixels, no rewritten links). */
const publishedEvents = [
  ses.EmailSendingEvent.SEND,
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.DELIVERY_DELAY,
  ses.EmailSendingEvent.RENDERING_FAILURE,
];

/**
 * How reminder emails leave: an SES configuration set that every send names, so that delivery is
 * TLS-only, bounces and complaints put the address on the account's suppression list (no second notice to
 * an address that bounced), reputation metrics are published to CloudWatch, and every send, delivery,
 * bounce, complaint, reject and delay is published to EventBridge for the ses-events function.
 */
export class Notices extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly senderIdentity?: ses.EmailIdentity;
  private readonly senderEmail: string;
  private readonly tenantSenderIdentities: readonly string[];

  constructor(scope: Construct, id: string, props: NoticesProps) {
    super(scope, id);
    this.senderEmail = props.senderEmail;
    this.tenantSenderIdentities = props.tenantSenderIdentities ?? [];

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      sendingEnabled: true,
    });

    // SES publishes to the account's default bus only.
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: publishedEvents,
    });

    if (props.manageSenderIdentity) {
      // SES emails a verification link to the address after deploy; sending works once it is clicked.
      this.senderIdentity = new ses.EmailIdentity(this, 'SenderIdentity', {
        identity: ses.Identity.email(props.senderEmail),
        configurationSet: this.configurationSet,
      });
    }

    for (const identity of this.tenantSenderIdentities) {
      const isAddress = identity.includes('@');
      const name = `TenantSender${pascalCase(identity.replace(/[^a-z0-9]+/gi, '-'))}`;
      const created = new ses.EmailIdentity(this, name, {
        identity: isAddress ? ses.Identity.email(identity) : ses.Identity.domain(identity),
        configurationSet: this.configurationSet,
        // Easy DKIM with 2048-bit keys that SES rotates.
        ...(isAddress ? {} : { dkimSigning: true, dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT) }),
      });
      if (!isAddress) {
        new CfnOutput(this, `${name}Dkim`, {
          description: `DNS records to publish for ${identity} (Easy DKIM): three CNAMEs, "name CNAME value", separated by ";"`,
          value: Fn.join('; ', [
            Fn.join(' ', [created.dkimDnsTokenName1, 'CNAME', created.dkimDnsTokenValue1]),
            Fn.join(' ', [created.dkimDnsTokenName2, 'CNAME', created.dkimDnsTokenValue2]),
            Fn.join(' ', [created.dkimDnsTokenName3, 'CNAME', created.dkimDnsTokenValue3]),
          ]),
        });
      }
    }
  }

  /** The deployment's tenant sender identities, for TENANT_SENDER_IDENTITIES. */
  get tenantSenderIdentityNames(): string {
    return this.tenantSenderIdentities.join(',');
  }

  /**
   * ses:SendEmail (the SES v2 API) with the sender identity, the tenants' identities and this
   * configuration set, nothing else. SES authorizes a send against the identity that verified the From
   * address: the address itself, or its domain when the domain is what was verified, so both are named.
   * (SES documents that its sandbox restrictions can defeat resource-scoped policies like this one;
   * deploy with production access.)
   */
  grantSend(grantee: iam.IGrantable): void {
    const stack = Stack.of(this);
    const domain = this.senderEmail.slice(this.senderEmail.lastIndexOf('@') + 1);
    const identityArn = (identity: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail'],
      resourceArns: [
        identityArn(this.senderEmail),
        identityArn(domain),
        ...this.tenantSenderIdentities.map(identityArn),
        stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: this.configurationSet.configurationSetName,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      ],
    });
  }

  /**
   * SES's events for this configuration set (on the default bus) → `handler`. EventBridge retries a
   * failed invocation for up to a day; the handler throws while a message's record is not yet written.
   */
  routeDeliveryEventsTo(handler: lambda.IFunction): events.Rule {
    return new events.Rule(this, 'DeliveryEvents', {
      description: 'arflow: SES send, delivery, bounce, complaint, reject and delay events of the notices configuration set',
      eventPattern: { source: ['aws.ses'], detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } } },
      targets: [new targets.LambdaFunction(handler, { retryAttempts: 185, maxEventAge: Duration.hours(24) })],
    });
  }
}
