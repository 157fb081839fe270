import type { ImportProfile } from '../import-profile.js';
import type { ImportProfileStore } from '../import-ports.js';

/** A tenant's import profiles in process memory: one per name, the last put wins (as on DynamoDB). */
export class InMemoryImportProfiles implements ImportProfileStore {
  private readonly profiles = new Map<string, Map<string, ImportProfile>>();

  async get(tenantId: string, name: string): Promise<ImportProfile | undefined> {
    const profile = this.profiles.get(tenantId)?.get(name);
    return profile && structuredClone(profile);
  }

  async put(tenantId: string, profile: ImportProfile): Promise<void> {
    const tenant = this.profiles.get(tenantId) ?? new Map<string, ImportProfile>();
    tenant.set(profile.name, structuredClone(profile));
    this.profiles.set(tenantId, tenant);
  }

  async list(tenantId: string): Promise<ImportProfile[]> {
    return [...(this.profiles.get(tenantId)?.values() ?? [])].map((profile) => structuredClone(profile));
  }
}
