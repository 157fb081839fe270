import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIncomingKey } from '../../shared/imports/index.js';
import { buildTestApp } from './fixture.js';

const { template } = buildTestApp();

/** Issue 15: bank statements reach the import function from the bucket, and the API serves their routes. */
describe('bank statements', () => {
  it('notifies the import function of every object created under incoming/, which holds incoming/<tenant>/bank-statements/', () => {
    const notifications = Object.values(template.findResources('Custom::S3BucketNotifications'));
    const prefixes = notifications.flatMap((resource) => {
      const configurations = (resource['Properties'] as { NotificationConfiguration?: { LambdaFunctionConfigurations?: { Filter?: { Key?: { FilterRules?: { Name: string; Value: string }[] } } }[] } }).NotificationConfiguration?.LambdaFunctionConfigurations ?? [];
      return configurations.flatMap((configuration) => configuration.Filter?.Key?.FilterRules ?? []).filter((rule) => rule.Name === 'prefix').map((rule) => rule.Value);
    });
    assert.ok(prefixes.includes('incoming/'), JSON.stringify(prefixes));
    assert.ok('incoming/acme/bank-statements/2026-12-07.xml'.startsWith('incoming/'));
    assert.deepEqual(parseIncomingKey('incoming/acme/bank-statements/2026-12-07.xml'), { tenantId: 'acme', kind: 'bank-statements', profile: undefined, file: '2026-12-07.xml' });
  });

  it('routes POST /bank-statements and GET /bank-statements/{statementId}', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((resource) => (resource['Properties'] as { RouteKey: string }).RouteKey);
    assert.ok(routes.includes('POST /bank-statements'));
    assert.ok(routes.includes('GET /bank-statements/{statementId}'));
  });
});
