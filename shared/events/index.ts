// The events module's only door: what other modules, functions, the local stack and tests may use.
export { businessEventOfItem } from './adapters/dynamo-stream-events.js';
export { EventBridgePublisher } from './adapters/eventbridge.publisher.js';
export type { BusinessEvent } from './business-events.js';
export type { EventPublisher } from './event-publisher.port.js';
export { businessEventTypes } from './business-events.js';
export type { BusinessEventType } from './business-events.js';
