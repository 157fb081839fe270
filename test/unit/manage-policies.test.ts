import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, NotFoundError } from '../../shared/kernel/index.js';
import { defaultPolicy, type CollectionPolicyInput } from '../../shared/policies/index.js';
import { getPolicy, listPolicies, savePolicy } from '../../shared/policies/index.js';
import { resolvePolicy, resolvePolicyName } from '../../shared/policy-assignment/index.js';
import { InMemoryCustomerRepository } from '../../shared/customers/index.js';
import { InMemoryPolicyRepository } from '../../shared/policies/index.js';
import { storedPolicy } from './fixtures.js';

const TENANT = 'acme';
const gentle: CollectionPolicyInput = { stages: [{ id: 'overdue-1-day', offsetDays: 1 }] };
const strict: CollectionPolicyInput = { stages: [{ id: 'overdue-1-day', offsetDays: 1 }], escalation: { afterDaysOverdue: 21 } };

describe('savePolicy', () => {
  it('stores a new policy as version 1 with its defaults filled in, and each change as the next version', async () => {
    const policies = new InMemoryPolicyRepository();
    const first = await savePolicy(policies, TENANT, 'collect', gentle);
    assert.deepEqual(first, storedPolicy('collect', gentle, 1));
    const second = await savePolicy(policies, TENANT, 'collect', strict);
    assert.equal(second.version, 2);
    assert.equal(second.escalation?.afterDaysOverdue, 21);
    assert.deepEqual(await policies.get(TENANT, 'collect'), second);
    assert.deepEqual(
      policies.history(TENANT, 'collect').map((policy) => [policy.version, policy.escalation?.afterDaysOverdue]),
      [
        [1, undefined],
        [2, 21],
      ],
      'every version is kept',
    );
    assert.deepEqual(await policies.list(TENANT), [second], 'the list shows the latest version only');
  });

  it('refuses with ConflictError policy_version_conflict when another request stores a version first, and keeps theirs', async () => {
    const policies = new InMemoryPolicyRepository();
    await savePolicy(policies, TENANT, 'collect', gentle);
    let raced = false;
    policies.beforePut = () => {
      if (raced) return;
      raced = true;
      policies.seed(TENANT, storedPolicy('collect', strict, 2)); // the other writer's version 2
    };
    await assert.rejects(savePolicy(policies, TENANT, 'collect', gentle), (error: unknown) => error instanceof ConflictError && error.code === 'policy_version_conflict');
    const latest = await policies.get(TENANT, 'collect');
    assert.equal(latest?.version, 2);
    assert.equal(latest?.escalation?.afterDaysOverdue, 21);
    // Read again and retry: the next version goes in.
    assert.equal((await savePolicy(policies, TENANT, 'collect', gentle)).version, 3);
  });

  it('refuses two first versions of the same new policy: the second writer gets a conflict', async () => {
    const policies = new InMemoryPolicyRepository();
    policies.beforePut = () => {
      policies.beforePut = undefined;
      policies.seed(TENANT, storedPolicy('collect', strict, 1));
    };
    await assert.rejects(savePolicy(policies, TENANT, 'collect', gentle), ConflictError);
    assert.equal((await policies.get(TENANT, 'collect'))?.escalation?.afterDaysOverdue, 21);
  });

  it('refuses an invalid policy and stores nothing', async () => {
    const policies = new InMemoryPolicyRepository();
    await assert.rejects(savePolicy(policies, TENANT, 'collect', { ...gentle, sendingWindow: { startHour: 17, endHour: 9 } }));
    assert.equal(await policies.get(TENANT, 'collect'), undefined);
  });

  it("keeps tenants' policies apart: the same name is version 1 for each", async () => {
    const policies = new InMemoryPolicyRepository();
    await savePolicy(policies, TENANT, 'collect', gentle);
    assert.equal((await savePolicy(policies, 'globex', 'collect', strict)).version, 1);
    assert.equal((await policies.get(TENANT, 'collect'))?.escalation, undefined);
    assert.deepEqual((await policies.list('globex')).map((policy) => policy.name), ['collect']);
  });
});

describe('getPolicy and listPolicies', () => {
  it("answers 'default' with the built-in policy until the tenant stores its own", async () => {
    const policies = new InMemoryPolicyRepository();
    assert.deepEqual(await getPolicy(policies, TENANT, 'default'), defaultPolicy);
    const own = await savePolicy(policies, TENANT, 'default', strict);
    assert.deepEqual(await getPolicy(policies, TENANT, 'default'), own);
  });

  it('throws NotFoundError for a policy that was never stored', async () => {
    await assert.rejects(getPolicy(new InMemoryPolicyRepository(), TENANT, 'collect'), NotFoundError);
  });

  it('lists the built-in default first until the tenant stores a default of its own', async () => {
    const policies = new InMemoryPolicyRepository();
    assert.deepEqual(await listPolicies(policies, TENANT), [defaultPolicy]);
    const collect = await savePolicy(policies, TENANT, 'collect', gentle);
    assert.deepEqual(await listPolicies(policies, TENANT), [defaultPolicy, collect]);
    const own = await savePolicy(policies, TENANT, 'default', strict);
    assert.deepEqual(await listPolicies(policies, TENANT), [collect, own]);
  });
});

describe('resolvePolicy', () => {
  const setup = () => ({ policies: new InMemoryPolicyRepository(), customers: new InMemoryCustomerRepository() });
  const invoiceOf = (policy?: string) => ({ ...(policy ? { policy } : {}), customer: { id: 'C-1', name: 'Acme', email: 'ap@acme.example' } });

  it("uses the latest version of the invoice's own policy", async () => {
    const deps = setup();
    await savePolicy(deps.policies, TENANT, 'collect', gentle);
    await savePolicy(deps.policies, TENANT, 'collect', strict);
    const policy = await resolvePolicy(deps, TENANT, invoiceOf('collect'));
    assert.equal(policy.name, 'collect');
    assert.equal(policy.version, 2);
  });

  it("falls back to the tenant's default, then the built-in default, when the invoice names none or a missing one", async () => {
    const deps = setup();
    assert.deepEqual(await resolvePolicy(deps, TENANT, invoiceOf()), defaultPolicy);
    assert.deepEqual(await resolvePolicy(deps, TENANT, invoiceOf('gone')), defaultPolicy);
    const own = await savePolicy(deps.policies, TENANT, 'default', strict);
    assert.deepEqual(await resolvePolicy(deps, TENANT, invoiceOf()), own);
    assert.deepEqual(await resolvePolicy(deps, TENANT, invoiceOf('gone')), own);
  });

  it("never uses another tenant's policy", async () => {
    const deps = setup();
    await savePolicy(deps.policies, 'globex', 'collect', strict);
    await savePolicy(deps.policies, 'globex', 'default', strict);
    assert.deepEqual(await resolvePolicy(deps, TENANT, invoiceOf('collect')), defaultPolicy);
  });

  it("prefers the invoice's policy, then the customer's, then one for the customer's segment, then the default", async () => {
    const deps = setup();
    await savePolicy(deps.policies, TENANT, 'own', gentle);
    await savePolicy(deps.policies, TENANT, 'for-customer', gentle);
    await savePolicy(deps.policies, TENANT, 'z-enterprise', { ...gentle, segments: ['enterprise'] });
    await savePolicy(deps.policies, TENANT, 'a-enterprise', { ...gentle, segments: ['enterprise', 'public-sector'] });
    assert.equal(await resolvePolicyName(deps, TENANT, invoiceOf()), 'default');
    await deps.customers.put({ tenantId: TENANT, customerId: 'C-1', tags: ['enterprise'], updatedAt: '2026-01-01T00:00:00.000Z' });
    assert.equal(await resolvePolicyName(deps, TENANT, invoiceOf()), 'a-enterprise', 'the first matching segment policy by name');
    await deps.customers.put({ tenantId: TENANT, customerId: 'C-1', tags: ['enterprise'], policy: 'for-customer', updatedAt: '2026-01-02T00:00:00.000Z' });
    assert.equal(await resolvePolicyName(deps, TENANT, invoiceOf()), 'for-customer');
    assert.equal(await resolvePolicyName(deps, TENANT, invoiceOf('own')), 'own');
  });
});
