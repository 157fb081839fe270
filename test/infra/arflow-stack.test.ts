import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { functionAccess } from '../../wiring/function-access.js';
import { weeklyDigestFunctionName } from '../../wiring/schedules.js';
import { logicalIdOf } from './fixture.js';
import { allFunctions, apiFunctions, lambdaProperties, resource, stack, template, workflowFunctions } from './arflow-stack.fixtures.js';


describe('the table', () => {
  it('is keyed by pk and sk strings, on demand, with point-in-time recovery, deletion protection and a TTL on expiresAt', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('has the sparse byCustomer index (a customer\'s invoices, for payment matching) and the sparse KEYS_ONLY byPolicy index (a policy\'s invoices)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'customerPk', AttributeType: 'S' },
        { AttributeName: 'customerSk', AttributeType: 'S' },
        { AttributeName: 'policyPk', AttributeType: 'S' },
        { AttributeName: 'policySk', AttributeType: 'S' },
      ]),
      // Among the table's indexes (reportsByCustomer is checked in report-projector.test.ts).
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: 'byCustomer',
          KeySchema: [
            { AttributeName: 'customerPk', KeyType: 'HASH' },
            { AttributeName: 'customerSk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['invoiceNumber', 'status', 'currency', 'balance'] },
        },
        {
          IndexName: 'byPolicy',
          KeySchema: [
            { AttributeName: 'policyPk', KeyType: 'HASH' },
            { AttributeName: 'policySk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ]),
    });
  });

  it('has the sparse byPaymentReference index (the invoice a payment reference names, for bank statements), read by the functions that read the table', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'paymentRefKey', AttributeType: 'S' }]),
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: 'byPaymentReference',
          KeySchema: [
            { AttributeName: 'paymentRefKey', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['invoiceNumber'] },
        },
      ]),
    });
  });

  it('is encrypted with its own rotating KMS key, and both survive a stack deletion', () => {
    const keyId = logicalIdOf(stack, stack.data.key);
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: { SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    assert.equal(resource(keyId).Properties.EnableKeyRotation, true);
    assert.equal(resource(keyId).DeletionPolicy, 'Retain');
  });
});

describe('the functions', () => {
  it('are one per route handler, the authorizer and each workflow task', () => {
    assert.deepEqual(new Set(stack.functions.keys()), allFunctions);
    // Plus aws-cdk-lib's BucketNotificationsHandler, which configures the import bucket's notifications at deploy time.
    template.resourceCountIs('AWS::Lambda::Function', allFunctions.size + 1);
  });

  it('run Node.js 22 on arm64 with X-Ray active and 512 MB', () => {
    for (const name of allFunctions) {
      const properties = lambdaProperties(name);
      assert.equal(properties.Runtime, 'nodejs22.x', name);
      assert.deepEqual(properties.Architectures, ['arm64'], name);
      assert.deepEqual(properties.TracingConfig, { Mode: 'Active' }, name);
      assert.equal(properties.MemorySize, 512, name);
      assert.equal(properties.Handler, 'index.handler', name);
    }
  });

  it('time out at 29 s behind the API and at 60 s as workflow tasks', () => {
    for (const name of apiFunctions) assert.equal(lambdaProperties(name).Timeout, 29, name);
    for (const name of workflowFunctions) assert.equal(lambdaProperties(name).Timeout, 60, name);
  });

  it('runs the weekly digest on an EventBridge schedule (Mondays 07:00 UTC unless configured), with 15 minutes and two retries', () => {
    assert.equal(lambdaProperties(weeklyDigestFunctionName).Timeout, 900);
    const digestArn = JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(stack, stack.functions.get(weeklyDigestFunctionName)!.function), 'Arn'] });
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) => {
      const { ScheduleExpression, Targets } = (rule as { Properties: { ScheduleExpression?: string; Targets?: { Arn: unknown }[] } }).Properties;
      return ScheduleExpression !== undefined && Targets?.some((target) => JSON.stringify(target.Arn) === digestArn);
    });
    assert.equal(rules.length, 1);
    const properties = (rules[0] as { Properties: { ScheduleExpression: string; Targets: { RetryPolicy?: { MaximumRetryAttempts: number } }[] } }).Properties;
    assert.equal(properties.ScheduleExpression, 'cron(0 7 ? * MON *)');
    assert.equal(properties.Targets.length, 1);
    assert.equal(properties.Targets[0]?.RetryPolicy?.MaximumRetryAttempts, 2);
  });

  it('each log to their own log group, kept 3 months and retained', () => {
    const logGroups = new Set<string>();
    for (const name of allFunctions) {
      const { LoggingConfig } = lambdaProperties(name) as { LoggingConfig?: { LogGroup?: { Ref?: string } } };
      const logGroupId = LoggingConfig?.LogGroup?.Ref;
      assert.ok(logGroupId, `${name} names its log group`);
      const logGroup = resource(logGroupId);
      assert.equal(logGroup.Type, 'AWS::Logs::LogGroup');
      assert.equal(logGroup.Properties.RetentionInDays, 90, name);
      assert.equal(logGroup.DeletionPolicy, 'Retain', name);
      logGroups.add(logGroupId);
    }
    assert.equal(logGroups.size, allFunctions.size, 'no two functions share a log group');
  });

  it('share the observability settings and the table name', () => {
    const shared = {
      POWERTOOLS_SERVICE_NAME: 'arflow',
      POWERTOOLS_METRICS_NAMESPACE: 'arflow',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
      TABLE_NAME: { Ref: logicalIdOf(stack, stack.data.table) },
    };
    for (const name of allFunctions) {
      const variables = lambdaProperties(name).Environment.Variables;
      for (const [key, value] of Object.entries(shared)) assert.deepEqual(variables[key], value, `${name} ${key}`);
    }
  });

  it('get STATE_MACHINE_ARN only when they start or stop workflows, and the SES settings only when they send mail', () => {
    const stateMachineRef = { Ref: logicalIdOf(stack, stack.workflow.stateMachine) };
    for (const name of allFunctions) {
      const variables = lambdaProperties(name).Environment.Variables;
      const access = functionAccess[name];
      assert.ok(access, name);
      // 'respond' works with a task token alone; referring to the state machine there would make a cycle.
      if (access.workflow === undefined || access.workflow === 'respond') assert.equal(variables.STATE_MACHINE_ARN, undefined, name);
      else assert.deepEqual(variables.STATE_MACHINE_ARN, stateMachineRef, name);
      if (access.linksToApi) assert.ok(variables.PUBLIC_API_URL, `${name} PUBLIC_API_URL`);
      else assert.equal(variables.PUBLIC_API_URL, undefined, `${name} PUBLIC_API_URL`);
      if (access.sendsMail) {
        assert.equal(variables.SENDER_EMAIL, 'collections@example.com', name);
        assert.equal(variables.SENDER_NAME, 'Accounts Receivable', name);
        assert.deepEqual(variables.SES_CONFIGURATION_SET, { Ref: logicalIdOf(stack, stack.notices.configurationSet) }, name);
      } else {
        for (const key of ['SENDER_EMAIL', 'SENDER_NAME', 'SES_CONFIGURATION_SET']) assert.equal(variables[key], undefined, `${name} ${key}`);
      }
    }
    assert.ok(functionAccess['send-reminder']?.sendsMail, 'send-reminder is the one that sends');
  });
});
