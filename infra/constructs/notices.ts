import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface NoticesProps {
  /** The From address of every notice. */
  senderEmail: string;
  /**
   * Create the SES email identity for `senderEmail` here. Leave off when the address or its domain is
   * verified outside this stack: CloudFormation fails to create an identity that already exists.
   */
  manageSenderIdentity: boolean;
}

/**
 * How reminder emails leave: an SES configuration set that every send names, so that delivery is
 * TLS-only, bounces and complaints put the address on the account's suppression list (no second notice to
 * an address that bounced), and reputation metrics are published to CloudWatch.
 */
export class Notices extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly senderIdentity?: ses.EmailIdentity;
  private readonly senderEmail: string;

  constructor(scope: Construct, id: string, props: NoticesProps) {
    super(scope, id);
    this.senderEmail = props.senderEmail;

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      sendingEnabled: true,
    });

    if (props.manageSenderIdentity) {
      // SES emails a verification link to the address after deploy; sending works once it is clicked.
      this.senderIdentity = new ses.EmailIdentity(this, 'SenderIdentity', {
        identity: ses.Identity.email(props.senderEmail),
        configurationSet: this.configurationSet,
      });
    }
  }

  /**
   * ses:SendEmail (the SES v2 API) with the sender identity and this configuration set, nothing else.
   * SES authorizes a send against the identity that verified the From address: the address itself, or
   * its domain when the domain is what was verified, so both are named. (SES documents that its sandbox
   * restrictions can defeat resource-scoped policies like this one; deploy with production access.)
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
        stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: this.configurationSet.configurationSetName,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      ],
    });
  }
}
