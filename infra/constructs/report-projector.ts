import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { tableStreamSource } from './table-stream-source.js';
import { reportProjectionRule } from '../../wiring/report-projection.js';

/**
 * Feeds the report projector (functions/project-reports) from the table's stream: writes of invoice
 * items and inserts of timeline events only (wiring/report-projection.ts). A failed batch is retried
 * from its failure until it succeeds or leaves the stream (24 h): reports lag, rows are not lost.
 */
export function connectReportProjector(projector: lambda.IFunction, table: dynamodb.ITable): void {
  projector.addEventSource(
    tableStreamSource(table, [
      lambda.FilterCriteria.filter({
        eventName: lambda.FilterRule.or(...reportProjectionRule.invoiceEventNames),
        dynamodb: { NewImage: { sk: { S: lambda.FilterRule.isEqual(reportProjectionRule.invoiceSortKey) } } },
      }),
      lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { sk: { S: lambda.FilterRule.beginsWith(reportProjectionRule.eventSortKeyPrefix) } } } }),
    ]),
  );
}
