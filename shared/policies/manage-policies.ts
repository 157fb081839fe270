import { ConflictError, NotFoundError } from '../kernel/index.js';
import { defaultPolicy, type CollectionPolicy, type CollectionPolicyInput } from './policy.js';
import { collectionPolicySchema } from './policy.js';
import type { PolicyRepository } from './policy.port.js';

/**
 * Stores a policy as its next version. In-flight invoices read the latest version at their next
 * step; a workflow already waiting keeps its current wait (see the README's notes on re-planning).
 */
export async function savePolicy(policies: PolicyRepository, tenantId: string, name: string, input: CollectionPolicyInput): Promise<CollectionPolicy> {
  const current = await policies.get(tenantId, name);
  const policy: CollectionPolicy = { ...collectionPolicySchema.parse(input), name, version: (current?.version ?? 0) + 1 };
  if ((await policies.put(tenantId, policy)) === 'version-conflict') {
    throw new ConflictError('policy_version_conflict', `Policy ${name} was changed by another request at the same time; read it again and retry`);
  }
  return policy;
}

export async function getPolicy(policies: PolicyRepository, tenantId: string, name: string): Promise<CollectionPolicy> {
  const policy = (await policies.get(tenantId, name)) ?? (name === 'default' ? defaultPolicy : undefined);
  if (!policy) throw new NotFoundError(`Policy ${name} does not exist`);
  return policy;
}

/** The tenant's policies; the built-in default appears until the tenant stores its own `default`. */
export async function listPolicies(policies: PolicyRepository, tenantId: string): Promise<CollectionPolicy[]> {
  const stored = await policies.list(tenantId);
  return stored.some((policy) => policy.name === 'default') ? stored : [defaultPolicy, ...stored];
}
