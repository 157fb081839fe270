import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { pascalCase } from '../naming.js';

export interface MonitoringProps {
  /** Every function, by its folder name under functions/. */
  functions: ReadonlyMap<string, lambda.IFunction>;
  stateMachine: sfn.IStateMachine;
  httpApi: apigw.IHttpApi;
  /** Subscribed to the alarm topic when set (the address must confirm the subscription). */
  alarmEmail?: string;
}

const period = Duration.minutes(5);

/**
 * SES reviews an account whose bounce rate reaches 5 % or complaint rate 0.1 % (and may pause sending at
 * 10 % / 0.5 %): alarm well before, at 2 % and 0.05 %. The reputation metrics are fractions.
 */
const sesReputationThresholds = { bounceRate: 0.02, complaintRate: 0.0005 } as const;

/**
 * Alarms for what should never happen in a healthy deployment, all sent to one encrypted topic:
 * a failed invoice workflow, a function error, an API 5xx (each fires on the first occurrence); and the
 * SES bounce and complaint rates above their thresholds.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    const stack = Stack.of(this);
    const cloudwatchService = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    const key = new kms.Key(this, 'TopicKey', {
      description: 'arflow: encrypts the alarm topic',
      enableKeyRotation: true,
      // Alarm notifications are transient: nothing stays encrypted under this key after the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch publishes alarms as its service principal, and an encrypted topic makes it use the key
    // (the AWS-managed aws/sns key cannot let it, hence a key of our own). No condition here: the topic
    // policy below already confines publishing to this account's alarms.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudwatchService],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'arflow alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL writes a topic policy, which replaces the default one: allow this account's alarms explicitly.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudwatchService],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }),
    );
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    this.alarmOnAny('WorkflowExecutionsFailed', props.stateMachine.metricFailed({ period, statistic: cloudwatch.Stats.SUM }),
      'An invoice workflow failed: its tasks kept failing after retries. The invoice is marked with the error (see the state machine logs).');

    for (const [name, fn] of props.functions) {
      this.alarmOnAny(`${pascalCase(name)}Errors`, fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
        `The ${name} function threw or timed out (see its log group).`);
    }

    // The account's SES reputation (the rates SES itself watches), published because the notices
    // configuration set enables reputation metrics. SES updates them about hourly.
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: cloudwatch.Stats.MAXIMUM, period: Duration.hours(1) });
    this.alarmAbove('SesBounceRate', reputation('Reputation.BounceRate'), sesReputationThresholds.bounceRate,
      'The SES bounce rate is above 2 % (SES reviews the account at 5 %). Look at GET /suppressions and GET /tasks: stale customer addresses, or an import with bad emails.');
    this.alarmAbove('SesComplaintRate', reputation('Reputation.ComplaintRate'), sesReputationThresholds.complaintRate,
      'The SES complaint rate is above 0.05 % (SES reviews the account at 0.1 %). Recipients mark notices as spam: check the wording, the sending frequency and the sender identity.');

    this.alarmOnAny('Api5xx', props.httpApi.metricServerError({ period, statistic: cloudwatch.Stats.SUM }),
      'The HTTP API answered 5xx: bad input must get a 4xx, so a 5xx is a bug or an outage (see the API access logs).');
  }

  /** Fires when the metric goes above `threshold`; `alarmOnAny` is this at 0. */
  private alarmAbove(id: string, metric: cloudwatch.IMetric, threshold: number, description: string): void {
    this.alarms.push(topicAlarm(this, id, this.topic, { metric, threshold, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, evaluationPeriods: 1, description }));
  }

  private alarmOnAny(id: string, metric: cloudwatch.IMetric, description: string): void {
    this.alarmAbove(id, metric, 0, description);
  }
}

export interface TopicAlarmProps {
  metric: cloudwatch.IMetric;
  threshold: number;
  comparisonOperator: cloudwatch.ComparisonOperator;
  evaluationPeriods: number;
  description: string;
}

/**
 * An arflow alarm: created in `scope` under `id` (its logical id), notifying `topic`. Missing data is
 * not a breach: no data means nothing happened in the period (no requests, executions, sends or
 * throttles); a gauge that fails to publish has its own Errors alarm.
 */
export function topicAlarm(scope: Construct, id: string, topic: sns.ITopic, props: TopicAlarmProps): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    metric: props.metric,
    alarmDescription: props.description,
    threshold: props.threshold,
    comparisonOperator: props.comparisonOperator,
    evaluationPeriods: props.evaluationPeriods,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}
