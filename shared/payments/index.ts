// The payments module's only door: what other modules, functions, the local stack and tests may use.
export { DynamoPaymentRepository } from './adapters/dynamo-payment.repository.js';
export { InMemoryPaymentRepository } from './adapters/in-memory-payment.repository.js';
export { allocate, invoiceNumberCandidates, oldestFirst, payerOf } from './allocation.js';
export { allocationRequestId, unappliedTotals } from './payment-allocations.js';
export { MAX_ALLOCATIONS, allocationInputSchema, allocationRequestSchema, allocationSources, applyAmountTo, applyPaymentTo, contradicts, paymentId, paymentInputSchema, paymentMethods, paymentRequestId, paymentRequestSchema, paymentState } from './payment.js';
export type { AllocationInput, AllocationRequest, AllocationSource, Payment, PaymentAllocation, PaymentInput, PaymentRequest } from './payment.js';
export { allocatePayment, receivePayment, recordPayment, unappliedPayments } from './record-payment.js';
export { reversePayment } from './reverse-payment.js';
export type { ReceiveOptions } from './record-payment.js';
export type { PaymentsDeps } from './deps.js';
export type { PaymentRepository } from './payment.port.js';
export { paymentItemSchema } from './adapters/payment-items.js';
