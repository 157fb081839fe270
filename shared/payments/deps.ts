import type { PaymentRepository } from './payment.port.js';
import type { CustomersDeps } from '../customers/index.js';

/** What the payments module's use cases are given: its own ports and those of the modules it builds on. */
export interface PaymentsDeps extends CustomersDeps {
  payments: PaymentRepository;
}
