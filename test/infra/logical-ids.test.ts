import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from './fixture.js';

/**
 * Written out here on purpose, not imported from infra/logical-ids.ts: a change of a stateful resource's
 * logical id makes CloudFormation replace it (a new, empty table; stopped workflows), so it must fail a
 * test, whether it comes from a refactor of the construct tree or from an edit of the constants.
 */
const TABLE = 'ArflowTable';
const TABLE_KEY = 'ArflowTableKey';
const STATE_MACHINE = 'InvoiceLifecycleStateMachine';

function logicalIdsOf(resources: Record<string, unknown>): string[] {
  return Object.keys(resources);
}

describe('stateful resources keep their logical ids', () => {
  const configurations = [
    { name: 'the default stage', context: {} },
    { name: 'another stage, region and account', context: { stage: 'prod', region: 'ap-southeast-2', account: '123456789012', manageSenderIdentity: true } },
  ];

  for (const { name, context } of configurations) {
    it(`the table, its key and the state machine, in ${name}`, () => {
      const { template } = buildTestApp({ context });
      assert.deepEqual(logicalIdsOf(template.findResources('AWS::DynamoDB::Table')), [TABLE]);
      assert.deepEqual(logicalIdsOf(template.findResources('AWS::StepFunctions::StateMachine')), [STATE_MACHINE]);
      const table = template.findResources('AWS::DynamoDB::Table')[TABLE] as { Properties: { SSESpecification: { KMSMasterKeyId: unknown } } };
      assert.deepEqual(table.Properties.SSESpecification.KMSMasterKeyId, { 'Fn::GetAtt': [TABLE_KEY, 'Arn'] });
      assert.ok(logicalIdsOf(template.findResources('AWS::KMS::Key')).includes(TABLE_KEY));
    });
  }
});
