import type { PaymentPlanRepository } from './payment-plan.port.js';
import type { PolicyAssignmentDeps } from '../policy-assignment/index.js';

/** What the payment-plans module's use cases are given: its own ports and those of the modules it builds on. */
export interface PaymentPlansDeps extends PolicyAssignmentDeps {
  paymentPlans: PaymentPlanRepository;
}
