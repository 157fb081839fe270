import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultQuotas, quotaAlarmShare } from '../../infra/constructs/quota-alarms.js';
import { DEFAULT_NOTICE_SPREAD_MINUTES } from '../../infra/config.js';
import { openWorkflowsGaugeFunctionName } from '../../wiring/schedules.js';
import { invoiceLifecycleTasks } from '../../workflows/invoice-lifecycle.js';
import { actionsOf, buildTestApp, functionStatements, logicalIdOf, type TestApp } from './fixture.js';

interface AlarmProperties {
  Namespace: string;
  MetricName: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Statistic: string;
  Period: number;
  Threshold: number;
  EvaluationPeriods: number;
  ComparisonOperator: string;
  TreatMissingData: string;
  AlarmActions: unknown[];
}

const test = buildTestApp();
const { stack, template } = test;

function alarm(app: TestApp, id: string): AlarmProperties {
  const found = app.stack.quotaAlarms.alarms.find((candidate) => candidate.node.id === id);
  assert.ok(found, `no alarm ${id}`);
  const resources = app.template.findResources('AWS::CloudWatch::Alarm') as Record<string, { Properties: AlarmProperties }>;
  return resources[logicalIdOf(app.stack, found)]!.Properties;
}

function environmentOf(app: TestApp, functionName: string): Record<string, unknown> {
  const fn = app.stack.functions.get(functionName)!.function;
  const resources = app.template.findResources('AWS::Lambda::Function') as Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }>;
  return resources[logicalIdOf(app.stack, fn)]!.Properties.Environment.Variables;
}

describe('quota alarms', () => {
  it('alarms when the hourly gauge of open workflows reaches 80 % of the default 1,000,000 open executions', () => {
    const open = alarm(test, 'OpenWorkflowsNearQuota');
    assert.deepEqual(
      [open.Namespace, open.MetricName, open.Dimensions, open.Statistic, open.Period, open.Threshold, open.ComparisonOperator],
      ['arflow', 'OpenWorkflows', [{ Name: 'service', Value: 'arflow' }], 'Maximum', 3600, 800_000, 'GreaterThanOrEqualToThreshold'],
    );
    assert.equal(defaultQuotas.openExecutions * quotaAlarmShare, 800_000);
  });

  it('takes a raised quota from arflow.config.json and from the context', () => {
    const fromFile = buildTestApp({ file: { stages: { dev: { regions: ['eu-west-1'], quotas: { openExecutions: 5_000_000, sesMaxSendRate: 200, sesMax24HourSend: 1_000_000 } } } } });
    assert.equal(alarm(fromFile, 'OpenWorkflowsNearQuota').Threshold, 4_000_000);
    assert.equal(alarm(fromFile, 'SesSendRateNearQuota').Threshold, 200 * 60 * 0.8);
    assert.equal(alarm(fromFile, 'SesDailyQuotaNearQuota').Threshold, 800_000);
    const fromContext = buildTestApp({ context: { openExecutionsQuota: '2000000' } });
    assert.equal(alarm(fromContext, 'OpenWorkflowsNearQuota').Threshold, 1_600_000);
  });

  it('runs the gauge every hour and lets it list this state machine’s executions, nothing else', () => {
    const gauge = stack.functions.get(openWorkflowsGaugeFunctionName)!.function;
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [{ Arn: { 'Fn::GetAtt': [logicalIdOf(stack, gauge), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } }],
    });
    const statements = functionStatements(test, openWorkflowsGaugeFunctionName);
    assert.deepEqual([...actionsOf(statements)].filter((action) => !action.startsWith('logs:') && !action.startsWith('xray:')), ['states:ListExecutions']);
    const list = statements.find((statement) => [statement.Action].flat().includes('states:ListExecutions'));
    assert.deepEqual(list?.Resource, { Ref: logicalIdOf(stack, stack.workflow.stateMachine) });
    assert.deepEqual(environmentOf(test, openWorkflowsGaugeFunctionName)['STATE_MACHINE_ARN'], { Ref: logicalIdOf(stack, stack.workflow.stateMachine) });
  });

  it('alarms on any throttled workflow transition and any throttled StartExecution within 5 minutes', () => {
    const transitions = alarm(test, 'WorkflowExecutionsThrottled');
    assert.deepEqual(
      [transitions.Namespace, transitions.MetricName, transitions.Dimensions, transitions.Statistic, transitions.Period, transitions.Threshold],
      ['AWS/States', 'ExecutionThrottled', [{ Name: 'StateMachineArn', Value: { Ref: logicalIdOf(stack, stack.workflow.stateMachine) } }], 'Sum', 300, 1],
    );
    const starts = alarm(test, 'WorkflowStartsThrottled');
    assert.deepEqual([starts.Namespace, starts.MetricName, starts.Dimensions, starts.Statistic, starts.Threshold], ['AWS/States', 'ThrottledEvents', [{ Name: 'APIName', Value: 'StartExecution' }], 'Sum', 1]);
  });

  it('alarms when SES sends run at 80 % of the default 14/s for 3 minutes, or reach 80 % of 50,000 in a day', () => {
    const rate = alarm(test, 'SesSendRateNearQuota');
    assert.deepEqual([rate.Namespace, rate.MetricName, rate.Statistic, rate.Period, rate.Threshold, rate.EvaluationPeriods], ['AWS/SES', 'Send', 'Sum', 60, 672, 3]);
    const daily = alarm(test, 'SesDailyQuotaNearQuota');
    assert.deepEqual([daily.Namespace, daily.MetricName, daily.Statistic, daily.Period, daily.Threshold], ['AWS/SES', 'Send', 'Sum', 86_400, 40_000]);
  });

  it('sends every quota alarm to the alarm topic, and treats no data as nothing to report', () => {
    for (const created of stack.quotaAlarms.alarms) {
      const properties = alarm(test, created.node.id);
      assert.deepEqual(properties.AlarmActions, [{ Ref: logicalIdOf(stack, stack.monitoring.topic) }], created.node.id);
      assert.equal(properties.TreatMissingData, 'notBreaching', created.node.id);
    }
  });

  it('refuses a quota that is not a positive number', () => {
    assert.throws(() => buildTestApp({ context: { openExecutionsQuota: 'lots' } }), /openExecutionsQuota/);
    assert.throws(() => buildTestApp({ file: { stages: { dev: { regions: ['eu-west-1'], quotas: { openExecutions: -1 } } } } }), /quotas\.openExecutions/);
  });
});

describe('notice spread setting', () => {
  it('tells the functions that plan notices (the workflow planner, the policy dry run) to spread them over the window’s first 120 minutes by default, and no other', () => {
    const planners = [invoiceLifecycleTasks.PlanNextStepFunctionArn, 'policies'];
    assert.equal(DEFAULT_NOTICE_SPREAD_MINUTES, 120);
    for (const name of stack.functions.keys()) {
      assert.equal(environmentOf(test, name)['NOTICE_SPREAD_MINUTES'], planners.includes(name) ? '120' : undefined, name);
    }
  });

  it('takes the spread from the deployment config, and refuses one longer than a working day', () => {
    const wider = buildTestApp({ context: { noticeSpreadMinutes: '240' } });
    assert.equal(environmentOf(wider, invoiceLifecycleTasks.PlanNextStepFunctionArn)['NOTICE_SPREAD_MINUTES'], '240');
    const off = buildTestApp({ file: { stages: { dev: { regions: ['eu-west-1'], noticeSpreadMinutes: 0 } } } });
    assert.equal(environmentOf(off, invoiceLifecycleTasks.PlanNextStepFunctionArn)['NOTICE_SPREAD_MINUTES'], '0');
    assert.throws(() => buildTestApp({ context: { noticeSpreadMinutes: '600' } }), /noticeSpreadMinutes/);
  });
});
