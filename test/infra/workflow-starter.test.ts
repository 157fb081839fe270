import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { isWorkflowStartRequest, workflowStarterFunctionName, workflowStarterPacing } from '../../wiring/workflow-starter.js';
import { actionsOf, buildTestApp, functionStatements } from './fixture.js';

const test = buildTestApp();
const { template } = test;

describe('workflow starts from the table stream', () => {
  it('feeds the starter inserts of open invoices only, retrying a failed record until it leaves the stream', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('StartWorkflows') },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: -1,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { sk: { S: ['#INVOICE'] }, status: { S: ['open'] } } } }) }] },
    });
  });

  it('paces the starter under the StartExecution quota: reserved concurrency and starts per second per instance', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp(workflowStarterFunctionName),
      ReservedConcurrentExecutions: workflowStarterPacing.reservedConcurrency,
      Environment: { Variables: Match.objectLike({ WORKFLOW_STARTS_PER_SECOND: String(workflowStarterPacing.startsPerSecond), STATE_MACHINE_ARN: Match.anyValue() }) },
    });
    assert.ok(workflowStarterPacing.startsPerSecond * workflowStarterPacing.reservedConcurrency <= 150 / 1.5, 'well under the smallest StartExecution refill (150/s)');
  });

  it('lets the starter start executions but not stop them', () => {
    const granted = actionsOf(functionStatements(test, workflowStarterFunctionName));
    assert.ok(granted.has('states:StartExecution'));
    assert.ok(!granted.has('states:StopExecution'));
  });

  it('applies the same filter locally as the CDK mapping', () => {
    const record = (sk: string, status: string, eventName = 'INSERT') => ({ eventName, dynamodb: { NewImage: { sk: { S: sk }, status: { S: status } } } });
    assert.equal(isWorkflowStartRequest(record('#INVOICE', 'open')), true);
    assert.equal(isWorkflowStartRequest(record('#INVOICE', 'paid')), false);
    assert.equal(isWorkflowStartRequest(record('#INVOICE', 'open', 'MODIFY')), false);
    assert.equal(isWorkflowStartRequest(record('EVENT#invoice.created', 'open')), false);
  });
});
