// The deliverability module's only door: what other modules, functions, the local stack and tests may use.
export { SentMessageNotYetRecordedError, recordDeliveryEvent } from './record-delivery-event.js';
export type { DeliveryEventOutcome } from './record-delivery-event.js';
export type { DeliverabilityDeps } from './deps.js';
