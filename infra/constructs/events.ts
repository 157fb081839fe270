import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { tableStreamSource } from './table-stream-source.js';
import { Construct } from 'constructs';
import { relayedSortKeyPrefixes } from '../../wiring/event-relay.js';

/**
 * Outbound business events for accounting systems: an EventBridge bus (source `arflow`; detail-types
 * invoice.paid, invoice.partially_paid, payment.unapplied, invoice.escalated, invoice.written_off,
 * dispute.resolved, customer.credit_limit_exceeded, ...)
 * and the relay that fills it from the table's stream. Subscribers add rules to the bus.
 */
export class Events extends Construct {
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { description: 'arflow business events (source arflow)' });
  }

  /** events:PutEvents on this bus only. */
  grantPut(grantee: iam.IGrantable): void {
    this.bus.grantPutEventsTo(grantee);
  }

  /** Feeds the relay from the table's stream (timeline events, unapplied cash) with inserts of relayed items only (wiring/event-relay.ts), retrying a failed batch from its failure. */
  connectRelay(relay: lambda.IFunction, table: dynamodb.ITable): void {
    // An event bus outage delays events, it does not drop them.
    relay.addEventSource(
      tableStreamSource(
        table,
        relayedSortKeyPrefixes.map((prefix) => lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { sk: { S: lambda.FilterRule.beginsWith(prefix) } } } })),
      ),
    );
  }
}
