// The self-service module's only door: what other modules, functions, the local stack and tests may use.
export { DynamoCustomerLinkRepository } from './adapters/dynamo-customer-link.repository.js';
export { InMemoryCustomerLinkRepository } from './adapters/in-memory-customer-link.repository.js';
export { actOnCustomerLink, createSelfServiceUrls, openCustomerLink } from './customer-requests.js';
export type { CustomerLinkRefusal, CustomerRequest } from './customer-requests.js';
export { ALREADY_PAID_PAUSE_DAYS, MAX_PROMISE_DAYS, customerActions, disputeFormSchema, promiseFormSchema } from './self-service.js';
export type { CustomerAction, CustomerLink, DisputeListing } from './self-service.js';
export type { SelfServiceDeps } from './deps.js';
export { openDispute } from './self-service.js';
export { disputeListingItemSchema } from './adapters/self-service-items.js';
export type { CustomerLinkRepository } from './customer-link.port.js';
