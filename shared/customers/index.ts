// The customers module's only door: what other modules, functions, the local stack and tests may use.
export { DynamoContactDays } from './adapters/dynamo-contact-days.js';
export { DynamoCustomerRepository } from './adapters/dynamo-customer.repository.js';
export { InMemoryContactDays } from './adapters/in-memory-contact-days.js';
export { InMemoryCustomerRepository } from './adapters/in-memory-customer.repository.js';
export { assessCustomerRisk } from './assess-customer-risk.js';
export type { ContactDays } from './contact-days.port.js';
export type { CreditLimitAlert } from './credit-limit.js';
export type { CustomerRepository } from './customer.port.js';
export { customerProfileSchema } from './customer.js';
export { customerTimeline, getCustomer } from './manage-customers.js';
export type { CustomersDeps } from './deps.js';
export type { CustomerProfile } from './customer.js';
export { profileItemSchema } from './adapters/dynamo-customer.repository.js';
export { watchCreditLimits } from './assess-customer-risk.js';
export { customerSegments } from './customer.js';
export type { CustomerProfileInput } from './customer.js';
