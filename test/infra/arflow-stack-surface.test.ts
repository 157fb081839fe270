import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { apiRoutes, authorizerFunctionName } from '../../wiring/api-routes.js';
import { invoiceLifecycleDefinitionPath, invoiceLifecycleTasks } from '../../workflows/invoice-lifecycle.js';
import { buildTestApp, logicalIdOf } from './fixture.js';
import { resource, stack, template, type Resource } from './arflow-stack.fixtures.js';


describe('the invoice lifecycle state machine', () => {
  const stateMachine = () => resource(logicalIdOf(stack, stack.workflow.stateMachine));

  it('is a Standard state machine that logs ALL events with execution data and traces with X-Ray', () => {
    const properties = stateMachine().Properties;
    assert.equal(properties.StateMachineType, 'STANDARD');
    assert.deepEqual(properties.TracingConfiguration, { Enabled: true });
    const logging = properties.LoggingConfiguration as { Level: string; IncludeExecutionData: boolean; Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: unknown } }[] };
    assert.equal(logging.Level, 'ALL');
    assert.equal(logging.IncludeExecutionData, true);
    assert.deepEqual(logging.Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn, { 'Fn::GetAtt': [logicalIdOf(stack, stack.workflow.logGroup), 'Arn'] });
  });

  it('is deployed from the ASL file, each substitution bound to the ARN of its task function', () => {
    const properties = stateMachine().Properties;
    assert.ok(properties.DefinitionS3Location, 'the definition is the ASL file, uploaded as an asset');
    const placeholders = new Set([...readFileSync(invoiceLifecycleDefinitionPath, 'utf8').matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]));
    assert.deepEqual(new Set(Object.keys(properties.DefinitionSubstitutions as object)), placeholders);
    for (const [variable, functionName] of Object.entries(invoiceLifecycleTasks)) {
      const created = stack.functions.get(functionName);
      assert.ok(created, functionName);
      assert.deepEqual((properties.DefinitionSubstitutions as Record<string, unknown>)[variable], { 'Fn::GetAtt': [logicalIdOf(stack, created.function), 'Arn'] });
    }
  });
});

describe('the HTTP API', () => {
  const authorizerId = (): string => {
    const authorizer = stack.node.findAll().find((construct) => construct.node.path.endsWith('/ApiKeyAuthorizer'));
    assert.ok(authorizer, 'the authorizer construct');
    return logicalIdOf(stack, authorizer);
  };

  it('has a Lambda authorizer with simple responses on the Authorization header, cached 60 seconds (a revoked or expired key works for at most that long: docs/access.md)', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    const authorizerFunction = stack.functions.get(authorizerFunctionName);
    assert.ok(authorizerFunction);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 60,
      AuthorizerUri: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [logicalIdOf(stack, authorizerFunction.function), 'Arn'] }])] },
    });
  });

  it('has one route per entry of api-routes, each integrated with its function', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', apiRoutes.length);
    const routes = template.findResources('AWS::ApiGatewayV2::Route');
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    for (const route of apiRoutes) {
      const found = Object.values(routes).find((candidate) => (candidate as Resource).Properties.RouteKey === `${route.method} ${route.path}`) as Resource | undefined;
      assert.ok(found, `route ${route.method} ${route.path}`);
      const integrationId = ((found.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1]).Ref;
      const created = stack.functions.get(route.functionName);
      assert.ok(created, route.functionName);
      assert.deepEqual((integrations[integrationId] as Resource).Properties.IntegrationUri, { 'Fn::GetAtt': [logicalIdOf(stack, created.function), 'Arn'] });
    }
  });

  it('leaves only the routes marked public without the authorizer', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
    for (const route of apiRoutes) {
      const found = routes.find((candidate) => candidate.Properties.RouteKey === `${route.method} ${route.path}`);
      assert.ok(found);
      if (route.authenticated) {
        assert.equal(found.Properties.AuthorizationType, 'CUSTOM', route.path);
        assert.deepEqual(found.Properties.AuthorizerId, { Ref: authorizerId() }, route.path);
      } else {
        assert.equal(found.Properties.AuthorizationType, 'NONE', route.path);
        assert.equal(found.Properties.AuthorizerId, undefined, route.path);
      }
    }
    // Public on purpose: the health check, the escalation and self-service links whose HMAC signature is the
    // credential, and the dashboard's static files (the page reads the reports with the tenant's API key).
    assert.deepEqual(
      apiRoutes.filter((route) => !route.authenticated).map((route) => `${route.method} ${route.path}`),
      ['GET /health', 'GET /links/{linkId}', 'POST /links/{linkId}', 'GET /self-service/{linkId}', 'POST /self-service/{linkId}', 'GET /dashboard', 'GET /dashboard/{asset}', 'POST /session'],
    );
  });

  it('serves a $default stage that writes JSON access logs and throttles', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    const stage = resource(logicalIdOf(stack, stack.api.stage)).Properties as {
      StageName: string;
      AutoDeploy: boolean;
      AccessLogSettings: { DestinationArn: unknown; Format: string };
      DefaultRouteSettings: { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
    };
    assert.equal(stage.StageName, '$default');
    assert.equal(stage.AutoDeploy, true);
    assert.deepEqual(stage.AccessLogSettings.DestinationArn, { 'Fn::GetAtt': [logicalIdOf(stack, stack.api.accessLogs), 'Arn'] });
    assert.equal((JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>).requestId, '$context.requestId');
    assert.ok(stage.DefaultRouteSettings.ThrottlingRateLimit > 0);
    assert.ok(stage.DefaultRouteSettings.ThrottlingBurstLimit >= stage.DefaultRouteSettings.ThrottlingRateLimit);
    assert.equal(resource(logicalIdOf(stack, stack.api.accessLogs)).Properties.RetentionInDays, 90);
  });
});

describe('notices', () => {
  it('go through an SES configuration set that requires TLS, suppresses bounces and complaints and tracks reputation', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('create no sender identity unless asked to, and the configured one when asked', () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    const managed = buildTestApp({ context: { senderEmail: 'ar@billing.example.org', manageSenderIdentity: 'true' } });
    managed.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'ar@billing.example.org',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalIdOf(managed.stack, managed.stack.notices.configurationSet) } },
    });
  });
});

describe('monitoring', () => {
  const topicRef = () => ({ Ref: logicalIdOf(stack, stack.monitoring.topic) });
  const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
  const alarmOn = (metricName: string, dimension: { Name: string; Value: unknown }) =>
    alarms().filter((alarm) => alarm.Properties.MetricName === metricName && JSON.stringify(alarm.Properties.Dimensions) === JSON.stringify([dimension]));

  it('sends alarms to a KMS-encrypted topic that only accepts TLS', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('alarms on the first failed workflow, function error and API 5xx', () => {
    // The SES reputation alarms have rate thresholds (test/infra/notices.test.ts), the quota alarms theirs (test/infra/quota-alarms.test.ts).
    const quotaAlarms = new Set(stack.quotaAlarms.alarms.map((alarm) => logicalIdOf(stack, alarm)));
    const firstOccurrence = Object.entries(template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>)
      .filter(([id, candidate]) => !quotaAlarms.has(id) && candidate.Properties.Namespace !== 'AWS/SES')
      .map(([, alarm]) => alarm);
    for (const alarm of firstOccurrence) {
      assert.equal(alarm.Properties.Threshold, 0);
      assert.equal(alarm.Properties.ComparisonOperator, 'GreaterThanThreshold');
      assert.deepEqual(alarm.Properties.AlarmActions, [topicRef()]);
    }
    assert.equal(alarmOn('ExecutionsFailed', { Name: 'StateMachineArn', Value: { Ref: logicalIdOf(stack, stack.workflow.stateMachine) } }).length, 1);
    for (const [name, created] of stack.functions) {
      assert.equal(alarmOn('Errors', { Name: 'FunctionName', Value: { Ref: logicalIdOf(stack, created.function) } }).length, 1, name);
    }
    assert.equal(alarmOn('5xx', { Name: 'ApiId', Value: { Ref: logicalIdOf(stack, stack.api.httpApi) } }).length, 1);
    // One more: an import that failed after retries (infra/constructs/ingest.ts); two on SES reputation; the quota alarms.
    assert.equal(alarms().length, stack.functions.size + 5 + stack.quotaAlarms.alarms.length);
  });

  it('subscribes the alarm email when one is configured', () => {
    const withEmail = buildTestApp({ context: { alarmEmail: 'oncall@example.org' } });
    withEmail.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.org' });
  });
});

describe('the stack', () => {
  it('outputs the API URL, the table name, the state machine ARN and the user pool id', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    assert.deepEqual(Object.keys(outputs).sort(), ['ApiUrl', 'ImportBucketName', 'StateMachineArn', 'TableName', 'UserPoolId']);
    assert.deepEqual(outputs.TableName?.Value, { Ref: logicalIdOf(stack, stack.data.table) });
    assert.deepEqual(outputs.StateMachineArn?.Value, { Ref: logicalIdOf(stack, stack.workflow.stateMachine) });
    assert.match(JSON.stringify(outputs.ApiUrl?.Value), /https:\/\//);
  });

  it('is named after stage and region, one per configured region', () => {
    const { stacks } = buildTestApp({ context: { stage: 'prod', regions: 'eu-west-1,us-east-2', account: '123456789012' } });
    assert.deepEqual(
      stacks.map((each) => [each.stackName, each.region, each.account]),
      [
        ['Arflow-prod-eu-west-1', 'eu-west-1', '123456789012'],
        ['Arflow-prod-us-east-2', 'us-east-2', '123456789012'],
      ],
    );
    assert.equal(stack.stackName, 'Arflow-dev-eu-west-1');
  });
});
