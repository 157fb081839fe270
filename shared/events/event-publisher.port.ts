import type { BusinessEvent } from './business-events.js';

/** Sends business events to accounting systems (EventBridge); returns the ids it could not send. */
export interface EventPublisher {
  publish(events: BusinessEvent[]): Promise<{ failedIds: string[] }>;
}
