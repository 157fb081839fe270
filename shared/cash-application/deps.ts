import type { ImportFiles, ImportJobs } from '../imports/index.js';
import type { PaymentsDeps } from '../payments/index.js';
import type { CashLedger } from './cash-ledger.port.js';
import type { InvoiceLookup } from './invoice-lookup.port.js';

/** What the cash-application use cases are given. */
export interface CashApplicationDeps extends Pick<PaymentsDeps, 'invoices' | 'payments' | 'workflows' | 'clock'>, Partial<Pick<PaymentsDeps, 'customers'>> {
  lookup: InvoiceLookup;
  ledger: CashLedger;
  files: ImportFiles;
  jobs: ImportJobs;
  /** Real elapsed time (Lambda deadlines), as opposed to arflow's business clock. */
  timer: { now(): number };
}
