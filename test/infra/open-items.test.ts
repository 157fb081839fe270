import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIncomingKey } from '../../shared/imports/index.js';
import { buildTestApp } from './fixture.js';

const { template } = buildTestApp();

/** Issue 14: open-item snapshots reach the import function from the bucket; the API confirms held closes. */
describe('open-item snapshots', () => {
  it('notifies the import function of every object created under incoming/, which holds incoming/<tenant>/open-items/', () => {
    const notifications = Object.values(template.findResources('Custom::S3BucketNotifications'));
    const prefixes = notifications.flatMap((resource) => {
      const configurations = (resource['Properties'] as { NotificationConfiguration?: { LambdaFunctionConfigurations?: { Filter?: { Key?: { FilterRules?: { Name: string; Value: string }[] } } }[] } }).NotificationConfiguration?.LambdaFunctionConfigurations ?? [];
      return configurations.flatMap((configuration) => configuration.Filter?.Key?.FilterRules ?? []).filter((rule) => rule.Name === 'prefix').map((rule) => rule.Value);
    });
    assert.ok(prefixes.includes('incoming/'), JSON.stringify(prefixes));
    assert.deepEqual(parseIncomingKey('incoming/acme/open-items/2026-12-07.v42.csv'), { tenantId: 'acme', kind: 'open-items', profile: undefined, file: '2026-12-07.v42.csv' });
    assert.deepEqual(parseIncomingKey('incoming/acme/open-items/sap-open-items/today.csv'), { tenantId: 'acme', kind: 'open-items', profile: 'sap-open-items', file: 'sap-open-items/today.csv' });
  });

  it('routes POST /imports/{jobId}/confirm behind the API-key authorizer', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((resource) => resource['Properties'] as { RouteKey: string; AuthorizationType?: string });
    const confirm = routes.find((route) => route.RouteKey === 'POST /imports/{jobId}/confirm');
    assert.ok(confirm);
    assert.equal(confirm.AuthorizationType, 'CUSTOM');
  });
});
