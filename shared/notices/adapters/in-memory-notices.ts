import type { Branding } from '../branding.js';
import type { NoticeLanguage } from '../language.js';
import type { NoticeSettingsRepository, OwnerTasks, SentMessages, StatementLedger, Suppressions, OwnerTask, OwnerTaskStatus, SentMessage, Suppression } from '../notice.ports.js';
import type { StoredTemplate } from '../templates.js';
import type { TemplateKind } from '../template-kinds.js';
import { copyPlain } from '../../kernel/index.js';

export class InMemoryNoticeSettings implements NoticeSettingsRepository {
  private readonly brandings = new Map<string, Branding & { updatedAt: string }>();
  private readonly stored = new Map<string, StoredTemplate>();

  async branding(tenantId: string) {
    return copyPlain(this.brandings.get(tenantId));
  }
  async putBranding(tenantId: string, branding: Branding, updatedAt: string) {
    this.brandings.set(tenantId, { ...copyPlain(branding), updatedAt });
  }
  async templates(tenantId: string) {
    return [...this.stored].filter(([key]) => key.startsWith(`${tenantId}#`)).map(([, template]) => copyPlain(template));
  }
  async putTemplate(tenantId: string, template: StoredTemplate) {
    this.stored.set(`${tenantId}#${template.kind}#${template.language}`, copyPlain(template));
  }
  async deleteTemplate(tenantId: string, kind: TemplateKind, language: NoticeLanguage) {
    return this.stored.delete(`${tenantId}#${kind}#${language}`);
  }
}

export class InMemorySentMessages implements SentMessages {
  readonly messages = new Map<string, SentMessage>();
  private readonly resendClaims = new Set<string>();

  async recordMessage(message: SentMessage) {
    this.messages.set(message.messageId, copyPlain(message));
  }
  async message(messageId: string) {
    return copyPlain(this.messages.get(messageId));
  }
  async claimResend(messageId: string) {
    if (!this.messages.has(messageId) || this.resendClaims.has(messageId)) return false;
    this.resendClaims.add(messageId);
    return true;
  }
  async releaseResend(messageId: string) {
    this.resendClaims.delete(messageId);
  }
}

export class InMemorySuppressions implements Suppressions {
  private readonly suppressed = new Map<string, Suppression>();

  async suppress(tenantId: string, suppression: Suppression) {
    const key = `${tenantId}#${suppression.email.toLowerCase()}`;
    if (this.suppressed.has(key)) return false;
    this.suppressed.set(key, { ...suppression, email: suppression.email.toLowerCase() });
    return true;
  }
  async suppressedAmong(tenantId: string, emails: readonly string[]) {
    return new Set(emails.map((email) => email.toLowerCase()).filter((email) => this.suppressed.has(`${tenantId}#${email}`)));
  }
  async suppressions(tenantId: string) {
    return [...this.suppressed].filter(([key]) => key.startsWith(`${tenantId}#`)).map(([, value]) => copyPlain(value));
  }
  async unsuppress(tenantId: string, email: string) {
    return this.suppressed.delete(`${tenantId}#${email.toLowerCase()}`);
  }
}

export class InMemoryOwnerTasks implements OwnerTasks {
  private readonly openTasks: OwnerTask[] = [];

  async openTask(task: OwnerTask) {
    this.openTasks.push(copyPlain(task));
  }
  async tasks(tenantId: string, status?: OwnerTaskStatus) {
    // Oldest first, as the DynamoDB adapter's sort key (TASK#<openedAt>#<taskId>) orders them.
    return this.openTasks
      .filter((task) => task.tenantId === tenantId && (!status || task.status === status))
      .sort((a, b) => (a.openedAt === b.openedAt ? (a.taskId < b.taskId ? -1 : 1) : a.openedAt < b.openedAt ? -1 : 1))
      .map((task) => copyPlain(task));
  }
  async closeTask(tenantId: string, taskId: string, closure: { closedAt: string; closedBy?: string; note?: string }) {
    const task = this.openTasks.find((candidate) => candidate.tenantId === tenantId && candidate.taskId === taskId);
    if (!task) return { outcome: 'not-found' as const };
    if (task.status === 'closed') return { outcome: 'already-closed' as const, task: copyPlain(task) };
    Object.assign(task, { status: 'closed', ...closure });
    return { outcome: 'closed' as const, task: copyPlain(task) };
  }
}

export class InMemoryStatementLedger implements StatementLedger {
  private readonly statements = new Map<string, string | undefined>();

  async claimStatement(tenantId: string, customerId: string, date: string) {
    const key = `${tenantId}#${customerId}#${date}`;
    if (!this.statements.has(key)) {
      this.statements.set(key, undefined);
      return { claimed: true as const };
    }
    const messageId = this.statements.get(key);
    return messageId === undefined ? { claimed: false as const } : { claimed: false as const, messageId };
  }
  async recordStatementSent(tenantId: string, customerId: string, date: string, messageId: string) {
    this.statements.set(`${tenantId}#${customerId}#${date}`, messageId);
  }
  async releaseStatement(tenantId: string, customerId: string, date: string) {
    const key = `${tenantId}#${customerId}#${date}`;
    if (this.statements.get(key) === undefined) this.statements.delete(key);
  }
}
