import type { CollectionPolicy } from '../policy.js';
import type { PolicyRepository } from '../policy.port.js';
import { copyPlain } from '../../kernel/index.js';

/**
 * An in-memory PolicyRepository with the DynamoDB adapter's semantics: every version is kept, a
 * latest-version entry per name serves get and list (ordered by name), and put stores version N only
 * if the latest stored version is N-1 (none for version 1) and version N is not stored yet; otherwise
 * it stores nothing and answers 'version-conflict'. An invoice is listed under one policy at a time. Copies in and out.
 */
export class InMemoryPolicyRepository implements PolicyRepository {
  private readonly latest = new Map<string, CollectionPolicy>();
  private readonly versions = new Map<string, CollectionPolicy>();
  /** Per invoice (tenant, number), the policy it is listed under: what the `byPolicy` index holds on DynamoDB. */
  private readonly listedUnder = new Map<string, string>();

  /** `exists`: whether an invoice is stored (addInvoice leaves unknown ones alone, as the DynamoDB adapter does); without it, every invoice is. */
  constructor(private readonly exists: (tenantId: string, invoiceNumber: string) => Promise<boolean> = async () => true) {}

  async addInvoice(tenantId: string, policyName: string, invoiceNumber: string): Promise<void> {
    if (await this.exists(tenantId, invoiceNumber)) this.listedUnder.set(nameKey(tenantId, invoiceNumber), policyName);
  }

  async invoicesUnder(tenantId: string, policyName: string): Promise<string[]> {
    const prefix = `${tenantId}\u0000`;
    return [...this.listedUnder.entries()]
      .filter(([key, name]) => key.startsWith(prefix) && name === policyName)
      .map(([key]) => key.slice(prefix.length))
      .sort();
  }

  /** Runs just before put checks its conditions (a concurrent writer). */
  beforePut?: () => void;

  /** Test setup: store a policy as the latest version of its name, whatever came before. */
  seed(tenantId: string, policy: CollectionPolicy): void {
    this.latest.set(nameKey(tenantId, policy.name), copyPlain(policy));
    this.versions.set(versionKey(tenantId, policy.name, policy.version), copyPlain(policy));
  }

  /** Test inspection: every stored version of a policy, oldest first. */
  history(tenantId: string, name: string): CollectionPolicy[] {
    const prefix = `${nameKey(tenantId, name)}\u0000`;
    return [...this.versions.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, policy]) => copyPlain(policy))
      .sort((a, b) => a.version - b.version);
  }

  async get(tenantId: string, name: string): Promise<CollectionPolicy | undefined> {
    const stored = this.latest.get(nameKey(tenantId, name));
    return stored && copyPlain(stored);
  }

  async list(tenantId: string): Promise<CollectionPolicy[]> {
    const prefix = `${tenantId}\u0000`;
    return [...this.latest.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, policy]) => copyPlain(policy))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async put(tenantId: string, policy: CollectionPolicy): Promise<'stored' | 'version-conflict'> {
    this.beforePut?.();
    const current = this.latest.get(nameKey(tenantId, policy.name));
    const versionTaken = this.versions.has(versionKey(tenantId, policy.name, policy.version));
    const latestMatches = policy.version === 1 ? current === undefined : current?.version === policy.version - 1;
    if (versionTaken || !latestMatches) return 'version-conflict';
    this.seed(tenantId, policy);
    return 'stored';
  }
}

function nameKey(tenantId: string, name: string): string {
  return `${tenantId}\u0000${name}`;
}

function versionKey(tenantId: string, name: string, version: number): string {
  return `${nameKey(tenantId, name)}\u0000${version}`;
}
