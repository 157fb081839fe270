import { reportProjectorFunctionName } from '../../wiring/report-projection.js';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { apiRoutes, authorizerFunctionName } from '../../wiring/api-routes.js';
import { importFunctionName, sesEventsFunctionName } from '../../wiring/function-purposes.js';
import { eventRelayFunctionName } from '../../wiring/event-relay.js';
import { openWorkflowsGaugeFunctionName, weeklyDigestFunctionName } from '../../wiring/schedules.js';
import { workflowStarterFunctionName } from '../../wiring/workflow-starter.js';
import { localFunctionFactories } from '../../local/functions.js';
import { invoiceLifecycleDefinitionPath, invoiceLifecycleTasks } from '../../workflows/invoice-lifecycle.js';

/** One definition, two runtimes: the local stack must provide everything the CDK app deploys. */
describe('local stack parity with the CDK app', () => {
  const deployedFunctions = new Set([...apiRoutes.map((route) => route.functionName), authorizerFunctionName, ...Object.values(invoiceLifecycleTasks), importFunctionName, eventRelayFunctionName, weeklyDigestFunctionName, sesEventsFunctionName, workflowStarterFunctionName, reportProjectorFunctionName, openWorkflowsGaugeFunctionName]);

  it('has a local handler for every function the API and the workflow use', () => {
    assert.deepEqual([...deployedFunctions].filter((name) => !(name in localFunctionFactories)), []);
  });

  it('has no local-only function', () => {
    assert.deepEqual(Object.keys(localFunctionFactories).filter((name) => !deployedFunctions.has(name)), []);
  });

  it('finds a handler.ts for every function', () => {
    for (const name of deployedFunctions) assert.ok(existsSync(new URL(`../../functions/${name}/handler.ts`, import.meta.url)), name);
  });

  it('names in the workflow definition only the task substitutions both runtimes fill in', () => {
    const used = [...readFileSync(invoiceLifecycleDefinitionPath, 'utf8').matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]);
    assert.deepEqual(new Set(used), new Set(Object.keys(invoiceLifecycleTasks)));
  });

  it('exposes no local-only route in the deployed route table', () => {
    assert.deepEqual(apiRoutes.filter((route) => route.path.startsWith('/_local')), []);
  });
});
