import { reportProjectorFunctionName } from '../../wiring/report-projection.js';
import assert from 'node:assert/strict';
import { importFunctionName, sesEventsFunctionName } from '../../wiring/function-purposes.js';
import { workflowStarterFunctionName } from '../../wiring/workflow-starter.js';
import { eventRelayFunctionName } from '../../wiring/event-relay.js';
import { apiRoutes, authorizerFunctionName } from '../../wiring/api-routes.js';
import { openWorkflowsGaugeFunctionName, weeklyDigestFunctionName } from '../../wiring/schedules.js';
import { invoiceLifecycleTasks } from '../../workflows/invoice-lifecycle.js';
import { buildTestApp, logicalIdOf } from './fixture.js';


/** One synthesized app per test file (the stack and its template). */
const test = buildTestApp();
export const { stack, template } = test;

export const workflowFunctions = new Set<string>(Object.values(invoiceLifecycleTasks));
export const apiFunctions = new Set([authorizerFunctionName, ...apiRoutes.map((route) => route.functionName)]);
export const allFunctions = new Set([...workflowFunctions, ...apiFunctions, importFunctionName, eventRelayFunctionName, weeklyDigestFunctionName, sesEventsFunctionName, workflowStarterFunctionName, reportProjectorFunctionName, openWorkflowsGaugeFunctionName]);

export interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export function resource(logicalId: string): Resource {
  const found = template.toJSON().Resources[logicalId] as Resource | undefined;
  if (found === undefined) throw new Error(`No resource ${logicalId}`);
  return found;
}

export function lambdaProperties(functionName: string): Record<string, unknown> & { Environment: { Variables: Record<string, unknown> } } {
  const created = stack.functions.get(functionName);
  assert.ok(created, `function ${functionName} exists`);
  return resource(logicalIdOf(stack, created.function)).Properties as Record<string, unknown> & { Environment: { Variables: Record<string, unknown> } };
}
