import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { BusinessEvent } from '../business-events.js';
import type { EventPublisher } from '../event-publisher.port.js';

/** PutEvents takes at most 10 entries per call. */
const MAX_ENTRIES = 10;

/** Business events onto an EventBridge bus: source `arflow`, detail-type the event type, detail `{ id, tenantId, ...detail }`. */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName: string,
  ) {}

  async publish(events: BusinessEvent[]): Promise<{ failedIds: string[] }> {
    const failedIds: string[] = [];
    for (let start = 0; start < events.length; start += MAX_ENTRIES) {
      const chunk = events.slice(start, start + MAX_ENTRIES);
      const result = await this.client.send(
        new PutEventsCommand({
          Entries: chunk.map((event) => ({
            EventBusName: this.eventBusName,
            Source: 'arflow',
            DetailType: event.type,
            Time: new Date(event.at),
            Detail: JSON.stringify({ id: event.id, tenantId: event.tenantId, ...event.detail }),
          })),
        }),
      );
      // Entries answer in request order; a failed one has an ErrorCode.
      (result.Entries ?? []).forEach((entry, index) => {
        if (entry.ErrorCode) failedIds.push(chunk[index]!.id);
      });
    }
    return { failedIds };
  }
}
