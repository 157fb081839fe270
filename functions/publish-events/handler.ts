import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createEventBridgeClient } from '../../shared/kernel/index.js';
import { readEnvironment, required } from '../../shared/kernel/index.js';
import { businessEventOfItem } from '../../shared/events/index.js';
import { EventBridgePublisher } from '../../shared/events/index.js';
import { logger } from '../../shared/kernel/index.js';
import type { BusinessEvent } from '../../shared/events/index.js';
import type { EventPublisher } from '../../shared/events/index.js';
import { withObservability } from '../_shared/middleware.js';

/**
 * The table's stream → business events on the bus. A record whose event could not be sent is
 * reported as a batch item failure, so the stream delivers it (and what follows it) again.
 */
export const createHandler = (publisher: EventPublisher) =>
  withObservability<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (event) => {
    const pending: { event: BusinessEvent; sequenceNumber: string }[] = [];
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      if (record.eventName !== 'INSERT' || !image || !record.dynamodb?.SequenceNumber) continue;
      const business = businessEventOfItem(unmarshall(image as Record<string, AttributeValue>));
      if (business) pending.push({ event: business, sequenceNumber: record.dynamodb.SequenceNumber });
    }
    if (pending.length === 0) return { batchItemFailures: [] };
    const { failedIds } = await publisher.publish(pending.map((item) => item.event));
    if (failedIds.length > 0) logger.warn('Some business events were not accepted; the stream will deliver them again', { failedIds });
    // Retrying from the first failure keeps the order in which events reach the bus.
    const firstFailure = pending.find((item) => failedIds.includes(item.event.id));
    return { batchItemFailures: firstFailure ? [{ itemIdentifier: firstFailure.sequenceNumber }] : [] };
  });

/** Made on first use, so importing the module (the local stack, tests) needs no EVENT_BUS_NAME. */
let publisher: EventPublisher | undefined;
export const handler = createHandler({
  publish: (events) => (publisher ??= new EventBridgePublisher(createEventBridgeClient(), required(readEnvironment(), 'EVENT_BUS_NAME'))).publish(events),
});
