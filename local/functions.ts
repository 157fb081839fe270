import type { ApiKeyStore } from '../shared/identity/index.js';
import type { CollectionDeps } from '../shared/app/index.js';
import type { AnyHandler } from './lambda-runtime.js';

export interface LocalFunctionDeps {
  collection: CollectionDeps;
  apiKeys: ApiKeyStore;
}

/**
 * Every Lambda of the CDK app, by its folder under functions/, built from the same handler module
 * with the local stack's dependencies (its clock). A test checks this covers every route and task.
 */
export const localFunctionFactories: Record<string, (deps: LocalFunctionDeps) => Promise<AnyHandler>> = {
  health: async () => (await import('../functions/health/handler.js')).handler,
  authorizer: async (deps) => {
    const { personTokens } = await import('../functions/_shared/deps.js');
    return (await import('../functions/authorizer/handler.js')).createHandler({ keys: deps.apiKeys, people: personTokens(), clock: deps.collection.clock });
  },
  'create-invoices': async (deps) => (await import('../functions/create-invoices/handler.js')).createHandler(deps.collection),
  'get-invoice': async (deps) => (await import('../functions/get-invoice/handler.js')).createHandler(deps.collection),
  'update-invoices': async (deps) => (await import('../functions/update-invoices/handler.js')).createHandler(deps.collection),
  'record-payment': async (deps) => (await import('../functions/record-payment/handler.js')).createHandler(deps.collection),
  'payment-allocations': async (deps) => {
    const { bankStatementRouteDeps } = await import('../functions/_shared/cash-deps.js');
    return (await import('../functions/payment-allocations/handler.js')).createHandler(deps.collection, bankStatementRouteDeps(deps.collection));
  },
  'credit-notes': async (deps) => (await import('../functions/credit-notes/handler.js')).createHandler(deps.collection),
  'plan-next-step': async (deps) => (await import('../functions/plan-next-step/handler.js')).createHandler(deps.collection),
  'request-approval': async (deps) => (await import('../functions/request-approval/handler.js')).createHandler(deps.collection),
  'escalation-timeout': async (deps) => (await import('../functions/escalation-timeout/handler.js')).createHandler(deps.collection),
  'apply-final-action': async (deps) => (await import('../functions/apply-final-action/handler.js')).createHandler(deps.collection),
  policies: async (deps) => (await import('../functions/policies/handler.js')).createHandler(deps.collection),
  customers: async (deps) => (await import('../functions/customers/handler.js')).createHandler(deps.collection),
  'decision-link': async (deps) => (await import('../functions/decision-link/handler.js')).createHandler(deps.collection),
  'customer-link': async (deps) => (await import('../functions/customer-link/handler.js')).createHandler(deps.collection),
  disputes: async (deps) => (await import('../functions/disputes/handler.js')).createHandler(deps.collection),
  'payment-plans': async (deps) => (await import('../functions/payment-plans/handler.js')).createHandler(deps.collection),
  'send-reminder': async (deps) => (await import('../functions/send-reminder/handler.js')).createHandler(deps.collection),
  'mark-workflow-failed': async (deps) => (await import('../functions/mark-workflow-failed/handler.js')).createHandler(deps.collection),
  'notice-settings': async (deps) => (await import('../functions/notice-settings/handler.js')).createHandler(deps.collection),
  statements: async (deps) => (await import('../functions/statements/handler.js')).createHandler(deps.collection),
  workspace: async (deps) => {
    const { createHandler, workspaceDeps } = await import('../functions/workspace/handler.js');
    return createHandler(workspaceDeps(deps.collection));
  },
  'ses-events': async (deps) => (await import('../functions/ses-events/handler.js')).createHandler(deps.collection),
  'publish-events': async () => (await import('../functions/publish-events/handler.js')).handler,
  'start-workflows': async (deps) => {
    const { createHandler, starterPace } = await import('../functions/start-workflows/handler.js');
    return createHandler(deps.collection, starterPace());
  },
  'project-reports': async (deps) => {
    const { createHandler, projectionDeps } = await import('../functions/project-reports/handler.js');
    return createHandler({ ...projectionDeps(), invoices: deps.collection.invoices });
  },
  reports: async (deps) => {
    const { createHandler, reportDeps } = await import('../functions/reports/handler.js');
    return createHandler({ ...reportDeps(), clock: deps.collection.clock });
  },
  'digest-settings': async (deps) => {
    const { createHandler, digestSettingsDeps } = await import('../functions/digest-settings/handler.js');
    return createHandler({ ...digestSettingsDeps(), clock: deps.collection.clock });
  },
  'weekly-digest': async (deps) => {
    const { createHandler, digestDeps } = await import('../functions/weekly-digest/handler.js');
    return createHandler(digestDeps(deps.collection));
  },
  'count-open-workflows': async () => {
    const { createHandler, gaugeDeps } = await import('../functions/count-open-workflows/handler.js');
    return createHandler(gaugeDeps());
  },
  dashboard: async () => (await import('../functions/dashboard/handler.js')).handler,
  'import-profiles': async (deps) => {
    const { importDeps, importProfileStore } = await import('../functions/_shared/import-deps.js');
    return (await import('../functions/import-profiles/handler.js')).createHandler(importProfileStore(), importDeps(deps.collection));
  },
  'import-file': async (deps) => {
    const { importDeps } = await import('../functions/_shared/import-deps.js');
    return (await import('../functions/import-file/handler.js')).createHandler(importDeps(deps.collection));
  },
  'api-keys': async (deps) => (await import('../functions/api-keys/handler.js')).createHandler({ keys: deps.apiKeys, clock: deps.collection.clock }),
  session: async () => {
    const { createHandler, sessionDeps } = await import('../functions/session/handler.js');
    return createHandler(sessionDeps());
  },
};

export async function buildLocalFunctions(deps: LocalFunctionDeps): Promise<Map<string, AnyHandler>> {
  const entries = await Promise.all(Object.entries(localFunctionFactories).map(async ([name, factory]) => [name, await factory(deps)] as const));
  return new Map(entries);
}
