import type { Clock } from '../kernel/clock.js';
import type { NoticeSettingsRepository, OwnerTasks, SentMessages, StatementLedger, Suppressions } from '../notices/notice.ports.js';
import type { InvoiceBatchStore } from '../imports/invoice-batch.port.js';
import type { TaskTokens } from '../escalation/task-token.port.js';
import type { ContactDays } from '../customers/contact-days.port.js';
import type { CustomerRepository } from '../customers/customer.port.js';
import type { PolicyRepository } from '../policies/policy.port.js';
import type { InvoiceWorkflows } from '../invoicing/workflow.port.js';
import type { Mailer } from '../kernel/mailer.port.js';
import type { InvoiceRepository } from '../invoicing/invoice.port.js';
import type { NoticeLedger } from '../invoicing/notice-ledger.port.js';
import type { PaymentRepository } from '../payments/payment.port.js';
import type { CustomerLinkRepository } from '../self-service/customer-link.port.js';
import type { DisputeRepository } from '../disputes/dispute.port.js';
import type { PaymentPlanRepository } from '../payment-plans/payment-plan.port.js';
import type { EscalationRepository } from '../escalation/escalation.port.js';
import type { LinkKeyStore } from '../kernel/link-key.port.js';

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
  /** The one contact per customer and day that a policy's `onePerCustomerPerDay` asks for. */
  contactDays: ContactDays;
  workflows: InvoiceWorkflows;
  taskTokens: TaskTokens;
  mailer: Mailer;
  clock: Clock;
  senderName: string;
  /** Base URL of the public API, for links in emails (e.g. https://abc.execute-api.eu-west-1.amazonaws.com). */
  publicApiUrl: string;
  /** Tenant branding and template overrides. */
  noticeSettings: NoticeSettingsRepository;
  /** Messages SES accepted (their delivery events name only the message id). */
  sentMessages: SentMessages;
  /** Addresses that bounced or complained. */
  suppressions: Suppressions;
  /** Tasks for account owners (a contact bounced or complained). */
  ownerTasks: OwnerTasks;
  /** Statements sent, one per customer per day. */
  statements: StatementLedger;
  /** The tenant sender identities (domains or addresses) this deployment verified: a tenant may send From them. */
  senderIdentities: string[];
  /**
   * Notices leave over the first this-many minutes of the sending window, each invoice at its own slot,
   * instead of all at the opening (shared/send-spread.ts; NOTICE_SPREAD_MINUTES). 0 or absent: at the opening.
   */
  noticeSpreadMinutes?: number;
}
