import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { importPrefixes } from '../../shared/imports/index.js';
import { pinLogicalId } from '../logical-ids.js';

/** The logical id of the import bucket: replacing it would orphan every file, report and rejects file. */
export const importBucketLogicalId = 'ArflowImportBucket';


/**
 * Pacing of workflow starts. Step Functions throttles StartExecution per account and region (Standard
 * workflows: a token bucket refilled at 300/s in us-east-1, us-west-2 and eu-west-1 and 150/s elsewhere,
 * per the Step Functions service quotas page). At most `reservedConcurrency` imports run at once, each
 * starting at most `startsPerSecond`: 2 x 40 = 80 starts/s, about half the smaller refill rate, which
 * leaves the API's own starts and the lifecycle's stops their share.
 */
export const importPacing = { startsPerSecond: 40, reservedConcurrency: 2 } as const;

export interface IngestProps {
  /** The import function (functions/import-file), made by the stack's function factory. */
  importFunction: lambda.Function;
  importRole: iam.IGrantable;
}

/**
 * The file drop: one bucket per region, its S3 event notifications to the import function, and where
 * failed invocations go.
 *
 * - Encrypted (SSE-S3), public access blocked, TLS enforced, versioned (an overwritten or deleted drop
 *   can still be recovered), access-logged to a second bucket.
 * - Lifecycle: reports and rejects files go after 400 days (a year of evidence plus a quarter), control
 *   objects (continuations, rejects parts) after 7 days, old versions after 30, unfinished uploads after 7.
 * - Notifications for `incoming/` (drops) and `control/continue/` (an import handing itself on before
 *   Lambda's 15-minute limit) invoke the same function asynchronously; Lambda retries a failed invocation
 *   twice, resuming from the checkpoint, then parks the event in a dead-letter queue with an alarm.
 */
export class Ingest extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'import-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { prefix: 'reports/', expiration: Duration.days(400) },
        { prefix: 'rejected/', expiration: Duration.days(400) },
        { prefix: 'control/', expiration: Duration.days(7) },
        { noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
    pinLogicalId(this.bucket, importBucketLogicalId);

    // Reads drops and continuations; writes reports, rejects and control objects. Named actions, not
    // Bucket.grant*'s action families (which add Abort*, tagging, legal hold...).
    const objects = (prefix: string) => this.bucket.arnForObjects(prefix);
    props.importRole.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects(`${importPrefixes.incoming}*`), objects('control/*')] }),
    );
    props.importRole.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects('reports/*'), objects('rejected/*'), objects('control/*')] }),
    );
    props.importRole.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: [objects('control/*')] }));
    // HeadObject of a missing key answers 404 only with ListBucket (403 without it).
    props.importRole.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    Validations.of(props.importRole as unknown as Construct).acknowledge(
      ...['incoming/*', 'control/*', 'reports/*', 'rejected/*'].map((prefix) => ({
        id: `AwsSolutions-IAM5[Resource::<${importBucketLogicalId}.Arn>/${prefix}]`,
        reason: `Objects are named per tenant and file, so the grant covers the bucket's ${prefix} prefix: the narrowest the import's key layout (shared/import/import-keys.ts) allows.`,
      })),
    );

    this.deadLetters = new sqs.Queue(this, 'FailedImports', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination of the import function\'s failed asynchronous invocations; an operator re-drives from it after fixing the cause.',
    });

    const fn = props.importFunction;
    fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new SqsDestination(this.deadLetters) });
    (fn.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = importPacing.reservedConcurrency;

    for (const prefix of [importPrefixes.incoming, importPrefixes.continuation]) {
      this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new LambdaDestination(fn), { prefix });
    }
    // aws-cdk-lib writes bucket notifications through its own singleton custom-resource function.
    const notificationsHandler = Stack.of(this).node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
    if (notificationsHandler !== undefined) {
      Validations.of(notificationsHandler).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: 'The role of aws-cdk-lib\'s BucketNotificationsHandler custom resource, which sets the import bucket\'s notifications at deploy time; CDK fixes its policies, and it runs only during deployments.',
        },
      );
    }
  }

  /** Alarms when an import gave up after Lambda's retries (its event is in the dead-letter queue). */
  alarmTo(topic: sns.ITopic): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, 'FailedImportsAlarm', {
      alarmDescription: 'An import failed after retries; its S3 event is in the FailedImports queue. Fix the cause, then drop the file again.',
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(topic));
    return alarm;
  }
}
