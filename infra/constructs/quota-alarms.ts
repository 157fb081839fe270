import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { openWorkflowsMetricName } from '../../shared/invoicing/index.js';
import type { QuotaSettings } from '../config.js';
import { topicAlarm } from './monitoring.js';

/** A new account's quotas (us-east-1; SES: a typical first production grant); raised ones go in the deployment config. */
export const defaultQuotas: Required<QuotaSettings> = { openExecutions: 1_000_000, sesMaxSendRate: 14, sesMax24HourSend: 50_000 };
/** Alarm at this share of a quota: time to ask for an increase before it bites. */
export const quotaAlarmShare = 0.8;

export interface QuotaAlarmsProps {
  stateMachine: sfn.IStateMachine;
  /** The scheduled function that counts open workflows (functions/count-open-workflows). */
  gauge: lambda.IFunction;
  topic: sns.ITopic;
  quotas?: QuotaSettings;
}

/**
 * Alarms that fire before a regional quota stops arflow (docs/scaling.md), all to the alarm topic:
 * - open Step Functions executions at 80 % of the quota. Each open invoice holds one for weeks, and
 *   past the quota StartExecution fails. CloudWatch has no metric for it, so the gauge function counts
 *   them hourly (ListExecutions) and publishes `arflow/OpenWorkflows`;
 * - the state machine's executions throttled, and StartExecution calls throttled (any, over 5 minutes);
 * - SES sends above 80 % of the maximum send rate (3 minutes running) or of the 24-hour quota.
 */
export class QuotaAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly topic: sns.ITopic;

  constructor(scope: Construct, id: string, props: QuotaAlarmsProps) {
    super(scope, id);
    const quotas = { ...defaultQuotas, ...props.quotas };
    this.topic = props.topic;

    new events.Rule(this, 'GaugeSchedule', {
      description: 'arflow: count open invoice workflows for the open executions alarm',
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [new eventTargets.LambdaFunction(props.gauge, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
    });

    const openWorkflows = new cloudwatch.Metric({
      namespace: 'arflow',
      metricName: openWorkflowsMetricName,
      dimensionsMap: { service: 'arflow' },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.hours(1),
    });
    this.alarmAtOrAbove('OpenWorkflowsNearQuota', openWorkflows, Math.floor(quotas.openExecutions * quotaAlarmShare), 1,
      `Open invoice workflows reached ${quotaAlarmShare * 100} % of the region's Step Functions open executions quota (${quotas.openExecutions}). Past it, new invoices cannot start their workflows: request an increase (Service Quotas, "Open executions") and set quotas.openExecutions in arflow.config.json.`);

    this.alarmAtOrAbove('WorkflowExecutionsThrottled', props.stateMachine.metric('ExecutionThrottled', { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }), 1, 1,
      'Step Functions throttled state transitions of invoice workflows (state transition quota). They are delayed, not lost; sustained throttling means the region needs a higher quota or a wider notice spread.');
    const startThrottled = new cloudwatch.Metric({
      namespace: 'AWS/States',
      metricName: 'ThrottledEvents',
      dimensionsMap: { APIName: 'StartExecution' },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
    });
    this.alarmAtOrAbove('WorkflowStartsThrottled', startThrottled, 1, 1,
      'StartExecution calls were throttled in this account and region. The SDK retries them; a POST /invoices or an import that ran out of retries answers 5xx or hands the rows on. Look at the import pacing and other workloads in the account.');

    const sesSends = (period: Duration) => new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: 'Send', statistic: cloudwatch.Stats.SUM, period });
    this.alarmAtOrAbove('SesSendRateNearQuota', sesSends(Duration.minutes(1)), Math.floor(quotas.sesMaxSendRate * 60 * quotaAlarmShare), 3,
      `SES sends ran above ${quotaAlarmShare * 100} % of the maximum send rate (${quotas.sesMaxSendRate}/s) for 3 minutes. Throttled sends are retried, but a longer burst ends in failed workflows: widen noticeSpreadMinutes or request a higher rate.`);
    this.alarmAtOrAbove('SesDailyQuotaNearQuota', sesSends(Duration.days(1)), Math.floor(quotas.sesMax24HourSend * quotaAlarmShare), 1,
      `SES sends in 24 hours reached ${quotaAlarmShare * 100} % of the sending quota (${quotas.sesMax24HourSend}). Past it, SES refuses every email until the window rolls on: request a higher quota and set quotas.sesMax24HourSend.`);
  }

  private alarmAtOrAbove(id: string, metric: cloudwatch.IMetric, threshold: number, evaluationPeriods: number, description: string): void {
    this.alarms.push(topicAlarm(this, id, this.topic, { metric, threshold, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, evaluationPeriods, description }));
  }
}
