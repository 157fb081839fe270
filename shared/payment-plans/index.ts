// The payment-plans module's only door: what other modules, functions, the local stack and tests may use.
export { DynamoPaymentPlanRepository } from './adapters/dynamo-payment-plan.repository.js';
export { InMemoryPaymentPlanRepository } from './adapters/in-memory-payment-plan.repository.js';
export { agreePaymentPlan, recordBrokenPlan } from './agree-payment-plan.js';
export { brokenPlanStage, installmentIssues, installmentProgress, installmentStage, nextInstallment, paymentPlanRequestSchema, paymentPlanState, planNotice } from './payment-plan.js';
export type { PlanNotice } from './payment-plan.js';
export type { PaymentPlansDeps } from './deps.js';
