import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { tableKeySchema } from '../../wiring/table-schema.js';
import { isReportProjectionInput, reportProjectorFunctionName } from '../../wiring/report-projection.js';
import { actionsOf, buildTestApp, functionStatements } from './fixture.js';

const test = buildTestApp();
const { template } = test;

describe('report rows from the table stream', () => {
  it('feeds the projector writes of invoice items and new timeline events only, retrying a failed record until it leaves the stream', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('ProjectReports') },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: -1,
      BisectBatchOnFunctionError: true,
      FilterCriteria: {
        Filters: [
          { Pattern: JSON.stringify({ eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { sk: { S: ['#INVOICE'] } } } }) },
          { Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { sk: { S: [{ prefix: 'EVENT#' }] } } } }) },
        ],
      },
    });
  });

  it('lets the projector read and write the table, and nothing else: no workflow, no mail, no bus', () => {
    const granted = actionsOf(functionStatements(test, reportProjectorFunctionName));
    for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:GetRecords']) assert.ok(granted.has(action), action);
    assert.deepEqual([...granted].filter((action) => /^(states|ses|events|s3):/.test(action)), []);
  });

  it("indexes report rows by customer, projecting only the row, in the table's shared key schema", () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'reportsByCustomer', KeySchema: [{ AttributeName: 'reportCustomerPk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['row'] } }),
      ]),
    });
    assert.ok(tableKeySchema.globalSecondaryIndexes.some((index) => index.name === 'reportsByCustomer'), 'the local stack builds the same index');
  });

  it('applies the same filter locally as the CDK mapping', () => {
    const record = (sk: string, eventName = 'INSERT') => ({ eventName, dynamodb: { NewImage: { sk: { S: sk } } } });
    assert.equal(isReportProjectionInput(record('#INVOICE')), true);
    assert.equal(isReportProjectionInput(record('#INVOICE', 'MODIFY')), true);
    assert.equal(isReportProjectionInput(record('EVENT#payment.received#1')), true);
    assert.equal(isReportProjectionInput(record('EVENT#payment.received#1', 'MODIFY')), false);
    assert.equal(isReportProjectionInput(record('NOTICE#overdue-1-day', 'MODIFY')), false, 'a notice claim moves no figure');
    assert.equal(isReportProjectionInput(record('INV#A-1')), false, 'a report row is not an input to itself');
  });
});
