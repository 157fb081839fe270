import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awsPrices, costPerThousand, dominantItem, type PerInvoiceUsage } from '../../bench/cost/prices.js';
import { LocalMeter, meterDelta } from '../../local/metering/local-meter.js';

const none: PerInvoiceUsage = { stateTransitions: 0, lambdaInvocations: 0, lambdaGbSeconds: 0, readUnits: 0, writeUnits: 0, emails: 0, apiRequests: 0, businessEvents: 0 };

describe('cost model', () => {
  it('prices 8 state transitions and 1 email per invoice at USD 0.20 + 0.10 per 1,000 invoices', () => {
    const cost = costPerThousand({ ...none, stateTransitions: 8, emails: 1 });
    assert.equal(cost.stepFunctions.toFixed(4), '0.2000');
    assert.equal(cost.ses.toFixed(4), '0.1000');
    assert.equal(cost.total.toFixed(4), '0.3000');
    assert.equal(dominantItem(cost), 'stepFunctions');
  });

  it('prices DynamoDB on-demand writes at USD 0.625 and reads at 0.125 per million units', () => {
    const cost = costPerThousand({ ...none, writeUnits: 1000, readUnits: 1000 });
    assert.equal(cost.dynamoDbWrites.toFixed(4), '0.6250');
    assert.equal(cost.dynamoDbReads.toFixed(4), '0.1250');
  });

  it('prices Lambda per GB-second and per request', () => {
    const cost = costPerThousand({ ...none, lambdaInvocations: 10, lambdaGbSeconds: 0.5 });
    assert.equal(cost.lambdaRequests.toFixed(6), (10 * 1000 * awsPrices.lambdaPerRequest).toFixed(6)); // USD 0.002
    assert.equal(cost.lambdaDuration.toFixed(6), (0.5 * 1000 * awsPrices.lambdaArmPerGbSecond).toFixed(6)); // USD 0.006667
  });
});

describe('local meter', () => {
  it('reports only what happened between two snapshots', () => {
    const meter = new LocalMeter();
    meter.invoked('plan-next-step', 40);
    meter.transition();
    meter.dynamoDbRequest('GetItem', { read: 1, write: 0 });
    const before = meter.snapshot();
    meter.invoked('plan-next-step', 60);
    meter.invoked('send-reminder', 100);
    meter.transition();
    meter.transition();
    meter.dynamoDbRequest('TransactWriteItems', { read: 0, write: 4 });
    const delta = meterDelta(before, meter.snapshot());
    assert.deepEqual(delta.invocations, { 'plan-next-step': { count: 1, totalMs: 60 }, 'send-reminder': { count: 1, totalMs: 100 } });
    assert.equal(delta.stateTransitions, 2);
    assert.deepEqual(delta.dynamodb, { requests: { TransactWriteItems: 1 }, readUnits: 0, writeUnits: 4 });
  });
});
