import type { DigestSettings } from '../weekly-digest.js';
import type { DigestSettingsRepository } from '../digest-settings.port.js';

/** Digest settings and claimed weeks in process memory, with the DynamoDB repository's semantics. */
export class InMemoryDigestSettingsRepository implements DigestSettingsRepository {
  private readonly settings = new Map<string, DigestSettings>();
  private readonly weeks = new Set<string>();

  async get(tenantId: string): Promise<DigestSettings | undefined> {
    const stored = this.settings.get(tenantId);
    return stored && structuredClone(stored);
  }

  async put(settings: DigestSettings): Promise<void> {
    this.settings.set(settings.tenantId, structuredClone(settings));
  }

  async subscribedTenants(): Promise<string[]> {
    return [...this.settings.values()].filter((settings) => settings.recipients.length > 0).map((settings) => settings.tenantId);
  }

  async claimWeek(tenantId: string, weekStart: string, _at: string): Promise<boolean> {
    const key = `${tenantId}/${weekStart}`;
    if (this.weeks.has(key)) return false;
    this.weeks.add(key);
    return true;
  }

  async releaseWeek(tenantId: string, weekStart: string): Promise<void> {
    this.weeks.delete(`${tenantId}/${weekStart}`);
  }
}
