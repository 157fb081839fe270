import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { sesEventsFunctionName } from '../../wiring/function-purposes.js';
import { buildTestApp, functionStatements, logicalIdOf } from './fixture.js';

interface Resource {
  Properties: Record<string, unknown>;
}

describe('notices: SES events, tenant sender identities and reputation alarms', () => {
  const test = buildTestApp({ context: { tenantSenderIdentities: 'mail.acme.example,billing@globex.example' } });
  const { stack, template } = test;

  it('publishes send, delivery, bounce, complaint, reject, delay and rendering-failure events of the configuration set to the default bus', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: logicalIdOf(stack, stack.notices.configurationSet) },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['send', 'delivery', 'bounce', 'complaint', 'reject', 'deliveryDelay', 'renderingFailure']),
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
      },
    });
    const destination = Object.values(template.findResources('AWS::SES::ConfigurationSetEventDestination'))[0] as Resource;
    assert.match(JSON.stringify(destination.Properties['EventDestination']), /event-bus\/default/);
  });

  it("routes this configuration set's SES events, and only those, to the ses-events function with retries", () => {
    const fn = stack.functions.get(sesEventsFunctionName)!;
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ses'], detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: logicalIdOf(stack, stack.notices.configurationSet) }] } } } },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(stack, fn.function), 'Arn'] }, RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 } })],
    });
  });

  it('creates an Easy DKIM (RSA 2048) identity per tenant domain, an email identity per address, and outputs the DKIM CNAMEs', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'mail.acme.example', DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' } });
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'billing@globex.example' });
    const outputs = template.findOutputs('*');
    const dkim = Object.entries(outputs).filter(([id]) => /Dkim/.test(id));
    assert.equal(dkim.length, 1, 'one output, for the domain only');
    // The three records of that very identity, "name CNAME value" each, as SES generated them.
    const [identityId] = Object.entries(template.findResources('AWS::SES::EmailIdentity')).find(([, resource]) => (resource as Resource).Properties['EmailIdentity'] === 'mail.acme.example')!;
    const record = (n: number) => ({ 'Fn::Join': [' ', [{ 'Fn::GetAtt': [identityId, `DkimDNSTokenName${n}`] }, 'CNAME', { 'Fn::GetAtt': [identityId, `DkimDNSTokenValue${n}`] }]] });
    assert.deepEqual(dkim[0]![1]['Value'], { 'Fn::Join': ['; ', [record(1), record(2), record(3)]] });
    assert.match(String(dkim[0]![1]['Description']), /mail\.acme\.example/);
  });

  it('lets the sending functions send as the tenant identities and tells them which exist', () => {
    for (const name of ['send-reminder', 'statements']) {
      const send = functionStatements(test, name).filter((statement) => [statement.Action].flat().includes('ses:SendEmail'));
      const resources = JSON.stringify(send.map((statement) => statement.Resource));
      assert.match(resources, /:identity\/mail\.acme\.example"/, name);
      assert.match(resources, /:identity\/billing@globex\.example"/, name);
    }
    for (const name of ['send-reminder', 'notice-settings', 'statements']) {
      const fn = stack.functions.get(name)!;
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: Match.absent(),
        Environment: { Variables: Match.objectLike({ TENANT_SENDER_IDENTITIES: 'mail.acme.example,billing@globex.example' }) },
        Role: { 'Fn::GetAtt': [logicalIdOf(stack, fn.role), 'Arn'] },
      });
    }
  });

  it('does not let notice-settings send email', () => {
    assert.ok(!functionStatements(test, 'notice-settings').some((statement) => [statement.Action].flat().includes('ses:SendEmail')));
  });

  it('alarms when the SES bounce rate exceeds 2 % or the complaint rate 0.05 %', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];
    const on = (metricName: string) => alarms.filter((alarm) => alarm.Properties['Namespace'] === 'AWS/SES' && alarm.Properties['MetricName'] === metricName);
    assert.equal(on('Reputation.BounceRate').length, 1);
    assert.equal(on('Reputation.BounceRate')[0]!.Properties['Threshold'], 0.02);
    assert.equal(on('Reputation.ComplaintRate').length, 1);
    assert.equal(on('Reputation.ComplaintRate')[0]!.Properties['Threshold'], 0.0005);
    for (const alarm of [...on('Reputation.BounceRate'), ...on('Reputation.ComplaintRate')]) {
      assert.equal(alarm.Properties['ComparisonOperator'], 'GreaterThanThreshold');
      assert.deepEqual(alarm.Properties['AlarmActions'], [{ Ref: logicalIdOf(stack, stack.monitoring.topic) }]);
    }
  });

  it('creates no tenant identity when none is configured', () => {
    const plain = buildTestApp();
    assert.equal(Object.keys(plain.template.findResources('AWS::SES::EmailIdentity')).length, 0);
  });
});
