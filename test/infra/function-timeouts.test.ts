import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timeoutMsOf } from '../../local/function-timeouts.js';
import { buildTestApp, logicalIdOf } from './fixture.js';

const test = buildTestApp();

describe('function timeouts', () => {
  it('are the same in the local stack as in the CDK app, for every deployed function', () => {
    const lambdas = test.template.findResources('AWS::Lambda::Function');
    assert.ok(test.stack.functions.size > 0);
    for (const [name, created] of test.stack.functions) {
      const deployed = (lambdas[logicalIdOf(test.stack, created.function)] as { Properties: { Timeout: number } }).Properties.Timeout;
      assert.equal(timeoutMsOf(name), deployed * 1000, name);
    }
  });
});
