import type { DigestSettings } from './weekly-digest.js';

/** Each tenant's weekly-digest settings, which tenants have one, and which weeks were sent. */
export interface DigestSettingsRepository {
  get(tenantId: string): Promise<DigestSettings | undefined>;
  /** Stores the settings; a tenant with no recipients leaves the list of tenants that get a digest. */
  put(settings: DigestSettings): Promise<void>;
  /** The tenants with at least one recipient. */
  subscribedTenants(): Promise<string[]>;
  /** Claims the tenant's digest of a week before it is sent (a retried run sends nothing twice); false when claimed. */
  claimWeek(tenantId: string, weekStart: string, at: string): Promise<boolean>;
  /** Gives the claim back when sending failed, so a retry may send. */
  releaseWeek(tenantId: string, weekStart: string): Promise<void>;
}
