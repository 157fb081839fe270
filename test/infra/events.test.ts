import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { eventRelayFunctionName } from '../../wiring/event-relay.js';
import { actionsOf, buildTestApp, functionStatements, logicalIdOf } from './fixture.js';

const test = buildTestApp();
const { stack, template } = test;

describe('business events', () => {
  it('has an event bus and a table stream of new images', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
  });

  it('lets only the relay put events, on this bus only', () => {
    const holders = [...stack.functions.keys()].filter((name) => actionsOf(functionStatements(test, name)).has('events:PutEvents'));
    assert.deepEqual(holders, [eventRelayFunctionName]);
    const put = functionStatements(test, eventRelayFunctionName).find((statement) => [statement.Action].flat().includes('events:PutEvents'));
    assert.deepEqual(put?.Resource, { 'Fn::GetAtt': [logicalIdOf(stack, stack.events.bus), 'Arn'] });
    assert.ok(!actionsOf(functionStatements(test, eventRelayFunctionName)).has('dynamodb:PutItem'), 'the relay never writes the table');
  });

  it('feeds the relay inserts of timeline events and unapplied-cash entries only, retrying failed records until they leave the stream', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('PublishEvents') },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: -1,
      FilterCriteria: {
        Filters: [
          { Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { sk: { S: [{ prefix: 'EVENT#' }] } } } }) },
          { Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { sk: { S: [{ prefix: 'PAY#' }] } } } }) },
          { Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { sk: { S: [{ prefix: '#INVOICE' }] } } } }) },
        ],
      },
    });
  });

  it('tells the relay the bus name', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp(eventRelayFunctionName),
      Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: { Ref: logicalIdOf(stack, stack.events.bus) } }) },
    });
  });
});
