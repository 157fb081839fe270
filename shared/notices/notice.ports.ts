import type { Branding } from './branding.js';
import type { NoticeLanguage } from './language.js';
import type { StoredTemplate } from './templates.js';
import type { TemplateKind } from './template-kinds.js';

/** A tenant's branding and template overrides. */
export interface NoticeSettingsRepository {
  branding(tenantId: string): Promise<(Branding & { updatedAt: string }) | undefined>;
  putBranding(tenantId: string, branding: Branding, updatedAt: string): Promise<void>;
  templates(tenantId: string): Promise<StoredTemplate[]>;
  putTemplate(tenantId: string, template: StoredTemplate): Promise<void>;
  /** False when there was no override. */
  deleteTemplate(tenantId: string, kind: TemplateKind, language: NoticeLanguage): Promise<boolean>;
}

/** What was sent in one SES message: SES events name only the message id, so this maps it back. */
export interface SentMessage {
  messageId: string;
  tenantId: string;
  customerId: string;
  recipients: string[];
  /** The invoices (and their stages) the message was about; a statement lists several. */
  notices: { invoiceNumber: string; stage: string }[];
  sentAt: string;
}

export type SuppressionReason = 'bounce' | 'complaint';

/** An address the tenant's notices never go to until a person clears it. */
export interface Suppression {
  email: string;
  reason: SuppressionReason;
  since: string;
  messageId: string;
  customerId: string;
  /** SES's words, e.g. "Permanent/General" or the complaint feedback type. */
  detail?: string;
}

/** Work for a person, e.g. the account owner must find a new address for a customer. */
export interface OwnerTask {
  taskId: string;
  tenantId: string;
  kind: 'contact-bounced' | 'contact-complained';
  customerId: string;
  email: string;
  /** Where notices go from now on, if the customer has another contact. */
  nextContact?: string;
  invoiceNumbers: string[];
  assignee?: string;
  openedAt: string;
  status: OwnerTaskStatus;
  /** Set when a person marked it done (POST /tasks/{id}/close). */
  closedAt?: string;
  closedBy?: string;
  note?: string;
}

export const ownerTaskStatuses = ['open', 'closed'] as const;
export type OwnerTaskStatus = (typeof ownerTaskStatuses)[number];

/** What closing a task found: it is closed now, it was closed before (by someone else or a retry), or there is no such task. */
export type CloseTaskOutcome = { outcome: 'closed'; task: OwnerTask } | { outcome: 'already-closed'; task: OwnerTask } | { outcome: 'not-found' };

/** The messages SES accepted, so its delivery events find their tenant, customer and notices; and the one re-send of a bounced message. */
export interface SentMessages {
  recordMessage(message: SentMessage): Promise<void>;
  message(messageId: string): Promise<SentMessage | undefined>;
  /**
   * Claims the one re-send of a bounced message to the customer's next contact: true once per message,
   * however often SES delivers its bounce event.
   */
  claimResend(messageId: string, at: string): Promise<boolean>;
  /** Gives the claim back when SES did not take the re-send, so the retried event can send it. */
  releaseResend(messageId: string): Promise<void>;
}

/** Addresses that bounced or complained: no notice is sent to them until finance lifts the suppression. */
export interface Suppressions {
  /** True when the address was not suppressed before (so a task is opened once). */
  suppress(tenantId: string, suppression: Suppression): Promise<boolean>;
  /** The given addresses that are suppressed. */
  suppressedAmong(tenantId: string, emails: readonly string[]): Promise<Set<string>>;
  suppressions(tenantId: string): Promise<Suppression[]>;
  /** False when the address was not suppressed. */
  unsuppress(tenantId: string, email: string): Promise<boolean>;
}

/** Tasks for the customer's account owner (a contact bounced or complained), opened once and closed once. */
export interface OwnerTasks {
  openTask(task: OwnerTask): Promise<void>;
  /** The tenant's tasks, oldest first; only those of one status when given. */
  tasks(tenantId: string, status?: OwnerTaskStatus): Promise<OwnerTask[]>;
  /** Marks an open task done, once (a conditional write). */
  closeTask(tenantId: string, taskId: string, closure: { closedAt: string; closedBy?: string; note?: string }): Promise<CloseTaskOutcome>;
}

/** A customer's statement of a day, claimed before it is sent so it is sent once. */
export interface StatementLedger {
  /**
   * Claims a customer's statement of a day (one per customer per day, however often it is asked
   * for); when it was claimed before, says what was sent (no message id while the send is in flight).
   */
  claimStatement(tenantId: string, customerId: string, date: string): Promise<{ claimed: true } | { claimed: false; messageId?: string }>;
  recordStatementSent(tenantId: string, customerId: string, date: string, messageId: string): Promise<void>;
  releaseStatement(tenantId: string, customerId: string, date: string): Promise<void>;
}
