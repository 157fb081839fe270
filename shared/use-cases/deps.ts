import type { Clock } from '../clock.js';
import type { DeliverabilityRepository, NoticeSettingsRepository } from '../notices/notice-ports.js';
import type { CustomerRepository, InvoiceBatchStore, InvoiceRepository, InvoiceWorkflows, Mailer, PolicyRepository, TaskTokens } from '../ports.js';
import type { NoticeLedger } from '../notice-ledger-port.js';
import type { PaymentRepository } from '../payment-port.js';
import type { CustomerLinkRepository } from '../customer-link-port.js';
import type { DisputeRepository } from '../dispute-port.js';
import type { PaymentPlanRepository } from '../payment-plan-port.js';
import type { EscalationRepository } from '../escalation-port.js';
import type { LinkKeyStore } from '../link-key-port.js';

/** Everything a use case may touch; handlers build it once at cold start, tests and the local stack inject their own. */
export interface CollectionDeps {
  invoices: InvoiceRepository;
  noticeLedger: NoticeLedger;
  payments: PaymentRepository;
  customerLinks: CustomerLinkRepository;
  disputes: DisputeRepository;
  paymentPlans: PaymentPlanRepository;
  escalations: EscalationRepository;
  linkKeys: LinkKeyStore;
  /** Invoices read and written many at a time (POST /invoices batches, file imports, the workflow starter). */
  invoiceBatch: InvoiceBatchStore;
  policies: PolicyRepository;
  customers: CustomerRepository;
  workflows: InvoiceWorkflows;
  taskTokens: TaskTokens;
  mailer: Mailer;
  clock: Clock;
  senderName: string;
  /** Base URL of the public API, for links in emails (e.g. https://abc.execute-api.eu-west-1.amazonaws.com). */
  publicApiUrl: string;
  /** Tenant branding and template overrides. */
  noticeSettings: NoticeSettingsRepository;
  /** Sent messages, suppressed addresses, owner tasks. */
  deliverability: DeliverabilityRepository;
  /** The tenant sender identities (domains or addresses) this deployment verified: a tenant may send From them. */
  senderIdentities: string[];
  /**
   * Notices leave over the first this-many minutes of the sending window, each invoice at its own slot,
   * instead of all at the opening (shared/send-spread.ts; NOTICE_SPREAD_MINUTES). 0 or absent: at the opening.
   */
  noticeSpreadMinutes?: number;
}
