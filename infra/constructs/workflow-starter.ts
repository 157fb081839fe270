import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { tableStreamSource } from './table-stream-source.js';
import { workflowStartRule, workflowStarterPacing } from '../../wiring/workflow-starter.js';

/**
 * Feeds the workflow starter (functions/start-workflows) from the table's stream: inserts of open
 * invoices only (wiring/workflow-starter.ts), 100 records per batch, a failed start retried from that
 * record until it succeeds or leaves the stream (24 h); at most `reservedConcurrency` starters at once.
 */
export function connectWorkflowStarter(starter: lambda.Function, table: dynamodb.ITable): void {
  (starter.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = workflowStarterPacing.reservedConcurrency;
  // A Step Functions outage delays workflow starts; it does not drop them.
  starter.addEventSource(
    tableStreamSource(table, [
      lambda.FilterCriteria.filter({
        eventName: lambda.FilterRule.isEqual(workflowStartRule.eventName),
        dynamodb: { NewImage: { sk: { S: lambda.FilterRule.isEqual(workflowStartRule.sortKey) }, status: { S: lambda.FilterRule.isEqual(workflowStartRule.status) } } },
      }),
    ]),
  );
}
