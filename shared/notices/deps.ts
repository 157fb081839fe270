import type { NoticeSettingsRepository, OwnerTasks, SentMessages, StatementLedger, Suppressions } from './notice.ports.js';
import type { SelfServiceDeps } from '../self-service/index.js';

/** What the notices module's use cases are given: its own ports and those of the modules it builds on. */
export interface NoticesDeps extends SelfServiceDeps {
  senderName: string;
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
}
