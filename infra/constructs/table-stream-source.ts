import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';

/**
 * The table's stream as a Lambda event source, the way every consumer of it reads: from the oldest
 * record, 100 per batch within a second, only the records `filters` keep, and a failed record retried
 * (bisected, then from the reported item) until it succeeds or leaves the stream after 24 hours, so an
 * outage downstream delays the work and never drops it.
 */
export function tableStreamSource(table: dynamodb.ITable, filters: Record<string, unknown>[]): DynamoEventSource {
  return new DynamoEventSource(table, {
    startingPosition: lambda.StartingPosition.TRIM_HORIZON,
    batchSize: 100,
    maxBatchingWindow: Duration.seconds(1),
    bisectBatchOnError: true,
    reportBatchItemFailures: true,
    retryAttempts: -1,
    filters,
  });
}
