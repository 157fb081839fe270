import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invoiceLifecycleTasks } from '../../workflows/invoice-lifecycle.js';
import type { PolicyStatement } from './fixture.js';
import { actionsOf, buildTestApp, functionStatements, logicalIdOf, roleStatements } from './fixture.js';

const test = buildTestApp();
const { stack, template } = test;
const functionNames = [...stack.functions.keys()];
const tableWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

function actions(functionName: string): Set<string> {
  return actionsOf(functionStatements(test, functionName));
}

function holders(action: string): string[] {
  return functionNames.filter((name) => actions(name).has(action)).sort();
}

function stateMachineStatements(): PolicyStatement[] {
  const roleId = logicalIdOf(stack, stack.workflow.stateMachine.role);
  return roleStatements(template, roleId);
}

describe('least privilege', () => {
  it('gives the read-only functions no way to write the table', () => {
    for (const name of ['get-invoice', 'reports']) {
      const granted = actions(name);
      assert.ok(granted.has('dynamodb:GetItem') && granted.has('dynamodb:Query'), `${name} can read`);
      for (const write of tableWrites) assert.ok(!granted.has(write), `${name} must not have ${write}`);
      assert.ok(!granted.has('kms:Encrypt') && !granted.has('kms:GenerateDataKey*'), `${name} needs no encrypt on the table key`);
    }
  });

  it('gives the health check and the dashboard\'s static files no table or key access at all', () => {
    for (const name of ['health', 'dashboard']) {
      const granted = [...actions(name)];
      assert.deepEqual(granted.filter((action) => action.startsWith('dynamodb:') || action.startsWith('kms:')), [], name);
    }
  });

  it('lets only send-reminder, request-approval (the approvers\' email), customer-link and ses-events (telling the account owner), statements and weekly-digest (finance) send email', () => {
    assert.deepEqual(holders('ses:SendEmail'), ['customer-link', 'request-approval', 'send-reminder', 'ses-events', 'statements', 'weekly-digest']);
    assert.ok(!actionsOf(stateMachineStatements()).has('ses:SendEmail'));
  });

  it('lets send-reminder send only as the configured sender, through the configuration set', () => {
    const send = functionStatements(test, 'send-reminder').filter((statement) => [statement.Action].flat().includes('ses:SendEmail'));
    const resources = JSON.stringify(send.map((statement) => statement.Resource));
    assert.match(resources, /:identity\/collections@example\.com"/);
    assert.match(resources, /:identity\/example\.com"/);
    assert.match(resources, /:configuration-set\//);
    assert.doesNotMatch(resources, /"\*"/);
  });

  it("lets only the stream's workflow starter and re-planning start workflows, on this state machine only", () => {
    // Re-planning starts a new workflow revision: customer-link (a dispute or a promise to pay), disputes (recording or
    // resolving one), payment-plans (agreeing a plan), customers and policies (reassignment, a changed policy).
    // New invoices' workflows start from the table's stream (the starter); create-invoices (a batch in upsert mode),
    // import-file (a file in upsert mode) and update-invoices re-plan an open invoice the system of record corrected.
    // workspace: a collector pausing, resuming or recording a phone promise re-plans the invoice.
    assert.deepEqual(holders('states:StartExecution'), ['create-invoices', 'customer-link', 'customers', 'disputes', 'import-file', 'payment-plans', 'policies', 'start-workflows', 'update-invoices', 'workspace']);
    const start = functionStatements(test, 'start-workflows').find((statement) => [statement.Action].flat().includes('states:StartExecution'));
    assert.deepEqual(start?.Resource, { Ref: logicalIdOf(stack, stack.workflow.stateMachine) });
  });

  it("lets only payments (record-payment, payment-allocations), credit notes, invoice corrections, the file import, confirmed open-item closes and policy changes stop and describe executions, of this state machine's executions only", () => {
    // create-invoices and update-invoices stop the workflow of a corrected or voided invoice; import-profiles
    // (POST /imports/{jobId}/confirm) that of an invoice an open-items snapshot closed.
    const stoppers = ['create-invoices', 'credit-notes', 'customer-link', 'customers', 'disputes', 'import-file', 'import-profiles', 'payment-allocations', 'payment-plans', 'policies', 'record-payment', 'update-invoices', 'workspace'];
    assert.deepEqual(holders('states:StopExecution'), stoppers);
    assert.deepEqual(holders('states:DescribeExecution'), stoppers);
    const stop = functionStatements(test, 'record-payment').find((statement) => [statement.Action].flat().includes('states:StopExecution'));
    const resource = JSON.stringify(stop?.Resource);
    assert.match(resource, /:execution:/);
    assert.ok(resource.includes(JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(stack, stack.workflow.stateMachine), 'Name'] })), resource);
  });

  it('gives the workflow tasks no say over workflows, except request-approval answering its own task token', () => {
    for (const name of Object.values(invoiceLifecycleTasks)) {
      const expected = name === 'request-approval' ? ['states:SendTaskFailure', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess'] : [];
      assert.deepEqual([...actions(name)].filter((action) => action.startsWith('states:')).sort(), expected, name);
    }
  });

  it('lets only request-approval and decision-link answer task tokens, on this state machine only', () => {
    assert.deepEqual(holders('states:SendTaskSuccess'), ['decision-link', 'request-approval']);
  });

  it('lets each function write only to its own log group', () => {
    for (const [name, created] of stack.functions) {
      const logStatements = functionStatements(test, name).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('logs:')));
      assert.deepEqual(
        logStatements.map((statement) => statement.Resource),
        [{ 'Fn::GetAtt': [logicalIdOf(stack, created.logGroup), 'Arn'] }],
        name,
      );
    }
  });

  it('lets the state machine invoke exactly its three task functions, unqualified', () => {
    const invoke = stateMachineStatements().filter((statement) => [statement.Action].flat().includes('lambda:InvokeFunction'));
    const expected = Object.values(invoiceLifecycleTasks).map((name) => {
      const created = stack.functions.get(name);
      assert.ok(created, name);
      return JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(stack, created.function), 'Arn'] });
    });
    const granted = invoke.flatMap((statement) => [statement.Resource].flat()).map((resource) => JSON.stringify(resource));
    assert.deepEqual(granted.sort(), expected.sort());
  });

  it('uses no AWS managed policies', () => {
    for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role'))) {
      // aws-cdk-lib's own deploy-time handler for bucket notifications (acknowledged in infra/constructs/ingest.ts).
      if (id.startsWith('BucketNotificationsHandler')) continue;
      assert.equal((role as { Properties: { ManagedPolicyArns?: unknown } }).Properties.ManagedPolicyArns, undefined, id);
    }
  });

  it('allows `Resource: *` only for X-Ray, CloudWatch Logs delivery and (for the stream consumers) listing streams, which have no resource-level permissions', () => {
    const wildcardActions = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: PolicyStatement[] } } }).Properties.PolicyDocument.Statement)
      .filter((statement) => statement.Effect === 'Allow' && [statement.Resource].flat().includes('*'))
      .flatMap((statement) => [statement.Action].flat());
    assert.ok(wildcardActions.length > 0, 'the X-Ray statements are found');
    const allowed = /^(xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups))$/;
    assert.deepEqual(wildcardActions.filter((action) => !allowed.test(action) && action !== 'dynamodb:ListStreams'), []);
    // aws-cdk-lib's stream grant adds dynamodb:ListStreams on `*` (the action has no resource-level permission); only the event relay, the workflow starter and the report projector read the stream.
    const listers = functionNames.filter((name) => actions(name).has('dynamodb:ListStreams'));
    assert.deepEqual(listers.sort(), ['project-reports', 'publish-events', 'start-workflows']);
  });
});
